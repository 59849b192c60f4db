# Every request path starts with "/": anchored before anything else, a pattern matches none.
#
# error: Endpoint Pattern Matches No Path
# at: perses_project_datasource.test loki.proxy.allowed_endpoints[0].endpoint_pattern
# | loki.proxy.allowed_endpoints[0].endpoint_pattern is "^loki/api/v1/query", which matches no request path: ^ anchors it at the start of the path, where every request path has "/", and what follows ^ cannot match it; so this entry lets no request through and the proxy answers 403 to the requests it was meant for.
# |
# | Write "^/loki/api/v1/query".

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "logs"
  loki = {
    proxy = {
      url               = "http://loki.monitoring.svc:3100"
      allowed_endpoints = [{ endpoint_pattern = "^loki/api/v1/query", method = "GET" }]
    }
  }
}
