# "^$" matches only an empty path, and no request path is empty.
#
# error: Endpoint Pattern Matches No Path
# at: data.perses_datasource_spec.test clickhouse.proxy.allowed_endpoints[0].endpoint_pattern
# | clickhouse.proxy.allowed_endpoints[0].endpoint_pattern is "^$", which matches no request path: ^ anchors it at the start of the path, where every request path has "/", and what follows ^ cannot match it; so this entry lets no request through and the proxy answers 403 to the requests it was meant for.
# |
# | Write "^/$".

data "perses_datasource_spec" "test" {
  clickhouse = {
    proxy = {
      url               = "http://clickhouse.monitoring.svc:8123"
      allowed_endpoints = [{ endpoint_pattern = "^$", method = "GET" }]
    }
  }
}
