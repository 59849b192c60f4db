# The same in perses_datasource_spec, the spec a dashboard embeds.
#
# warning: Proxy Allows Every Endpoint
# at: data.perses_datasource_spec.test loki.proxy.allowed_endpoints
# | loki.proxy.allowed_endpoints is empty: Perses then lets every path and method through the proxy, the backend's admin APIs included.
# |
# | Omit allowed_endpoints to get the endpoints the Perses UI allows for Loki, or list the ones the datasource needs, e.g. [{ endpoint_pattern = "/loki/api/v1/query", method = "GET" }].

data "perses_datasource_spec" "test" {
  loki = {
    proxy = {
      url               = "http://loki.monitoring.svc:3100"
      allowed_endpoints = []
    }
  }
}
