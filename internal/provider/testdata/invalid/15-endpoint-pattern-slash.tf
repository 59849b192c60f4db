# "/" matches every path, not only the root: Perses looks for the pattern anywhere in the path.
#
# warning: Endpoint Pattern Matches Every Path
# at: perses_global_datasource.test prometheus.proxy.allowed_endpoints[0].endpoint_pattern
# | prometheus.proxy.allowed_endpoints[0].endpoint_pattern is "/", which matches every request path: Perses looks for the pattern anywhere in the path, so this entry lets every path through the proxy for its method, admin endpoints included.
# |
# | Write a pattern for only the paths the datasource needs, e.g. "/api/v1/labels"; anchor it with ^ and $ to match a whole path.

resource "perses_global_datasource" "test" {
  name = "prometheus-main"
  prometheus = {
    proxy = {
      url               = "http://prometheus.monitoring.svc:9090"
      allowed_endpoints = [{ endpoint_pattern = "/", method = "POST" }]
    }
  }
}
