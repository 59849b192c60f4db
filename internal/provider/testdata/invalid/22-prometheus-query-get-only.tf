# Perses queries Prometheus with POST: a query endpoint allowed only for GET makes every panel fail
# with 403, although the same query typed in a browser works.
#
# warning: Prometheus Queries Need POST
# at: perses_global_datasource.test prometheus.proxy.allowed_endpoints[0].method
# | prometheus.proxy.allowed_endpoints[0].method is "GET" for a pattern that matches /api/v1/query and /api/v1/query_range, but Perses sends these requests to Prometheus with POST, and no entry allows POST for them: the proxy would answer 403 to the queries of every panel.
# |
# | Write method = "POST".

resource "perses_global_datasource" "test" {
  name = "prometheus-main"
  prometheus = {
    proxy = {
      url = "http://prometheus.monitoring.svc:9090"
      allowed_endpoints = [
        { endpoint_pattern = "/api/v1/query", method = "GET" },
        { endpoint_pattern = "/api/v1/labels", method = "POST" },
      ]
    }
  }
}
