# ".*" matches every path.
#
# warning: Endpoint Pattern Matches Every Path
# at: perses_global_datasource.test tempo.proxy.allowed_endpoints[0].endpoint_pattern
# | tempo.proxy.allowed_endpoints[0].endpoint_pattern is ".*", which matches every request path: Perses looks for the pattern anywhere in the path, so this entry lets every path through the proxy for its method, admin endpoints included.
# |
# | Write a pattern for only the paths the datasource needs, e.g. "/api/search"; anchor it with ^ and $ to match a whole path.

resource "perses_global_datasource" "test" {
  name = "traces"
  tempo = {
    proxy = {
      url               = "http://tempo.monitoring.svc:3200"
      allowed_endpoints = [{ endpoint_pattern = ".*", method = "GET" }]
    }
  }
}
