# "/?" can match the empty string, so it matches every path.
#
# warning: Endpoint Pattern Matches Every Path
# at: perses_project_datasource.test pyroscope.proxy.allowed_endpoints[1].endpoint_pattern
# | pyroscope.proxy.allowed_endpoints[1].endpoint_pattern is "/?", which matches every request path: Perses looks for the pattern anywhere in the path, so this entry lets every path through the proxy for its method, admin endpoints included.
# |
# | Write a pattern for only the paths the datasource needs, e.g. "/pyroscope/render"; anchor it with ^ and $ to match a whole path.

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "profiles"
  pyroscope = {
    proxy = {
      url = "http://pyroscope.monitoring.svc:4040"
      allowed_endpoints = [
        { endpoint_pattern = "/pyroscope/render", method = "GET" },
        { endpoint_pattern = "/?", method = "POST" },
      ]
    }
  }
}
