# "^/" is anchored, yet every path starts with "/".
#
# warning: Endpoint Pattern Matches Every Path
# at: data.perses_datasource_spec.test clickhouse.proxy.allowed_endpoints[0].endpoint_pattern
# | clickhouse.proxy.allowed_endpoints[0].endpoint_pattern is "^/", which matches every request path: Perses looks for the pattern anywhere in the path, so this entry lets every path through the proxy for its method, admin endpoints included.
# |
# | Write a pattern for only the paths the datasource needs, e.g. "^/$"; anchor it with ^ and $ to match a whole path.

data "perses_datasource_spec" "test" {
  clickhouse = {
    proxy = {
      url               = "http://clickhouse.monitoring.svc:8123"
      allowed_endpoints = [{ endpoint_pattern = "^/", method = "GET" }]
    }
  }
}
