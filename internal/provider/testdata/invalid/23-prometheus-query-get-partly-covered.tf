# POST is allowed for the exact query_range path only: the GET entry still leaves /api/v1/query
# without POST.
#
# warning: Prometheus Queries Need POST
# at: perses_project_datasource.test prometheus.proxy.allowed_endpoints[1].method
# | prometheus.proxy.allowed_endpoints[1].method is "GET" for a pattern that matches /api/v1/query, but Perses sends these requests to Prometheus with POST, and no entry allows POST for them: the proxy would answer 403 to the queries of every panel.
# |
# | Write method = "POST".

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "prometheus"
  prometheus = {
    proxy = {
      url = "http://prometheus.monitoring.svc:9090"
      allowed_endpoints = [
        { endpoint_pattern = "^/api/v1/query_range$", method = "POST" },
        { endpoint_pattern = "/api/v1/query", method = "GET" },
      ]
    }
  }
}
