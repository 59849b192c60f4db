# The Prometheus rule applies to perses_datasource_spec too.
#
# warning: Prometheus Queries Need POST
# at: data.perses_datasource_spec.test prometheus.proxy.allowed_endpoints[0].method
# | prometheus.proxy.allowed_endpoints[0].method is "GET" for a pattern that matches /api/v1/query_range, but Perses sends these requests to Prometheus with POST, and no entry allows POST for them: the proxy would answer 403 to the queries of every panel.
# |
# | Write method = "POST".

data "perses_datasource_spec" "test" {
  prometheus = {
    proxy = {
      url               = "http://prometheus.monitoring.svc:9090"
      allowed_endpoints = [{ endpoint_pattern = "^/api/v1/query_range$", method = "GET" }]
    }
  }
}
