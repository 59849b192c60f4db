# A space at either end of a pattern: no request path has one, so the entry lets nothing through.
#
# error: Endpoint Pattern Matches No Path
# at: perses_global_datasource.test prometheus.proxy.allowed_endpoints[1].endpoint_pattern
# | prometheus.proxy.allowed_endpoints[1].endpoint_pattern is "/api/v1/query_range ", which begins or ends with whitespace: request paths hold none, so this entry lets no request through and the proxy answers 403 to the requests it was meant for.
# |
# | Write "/api/v1/query_range".

resource "perses_global_datasource" "test" {
  name = "prometheus-main"
  prometheus = {
    proxy = {
      url = "http://prometheus.monitoring.svc:9090"
      allowed_endpoints = [
        { endpoint_pattern = "/api/v1/query", method = "POST" },
        { endpoint_pattern = "/api/v1/query_range ", method = "POST" },
      ]
    }
  }
}
