# [] lifts every restriction: the backend's admin APIs become reachable through Perses.
#
# warning: Proxy Allows Every Endpoint
# at: perses_global_datasource.test prometheus.proxy.allowed_endpoints
# | prometheus.proxy.allowed_endpoints is empty: Perses then lets every path and method through the proxy, the backend's admin APIs included.
# |
# | Omit allowed_endpoints to get the endpoints the Perses UI allows for Prometheus, or list the ones the datasource needs, e.g. [{ endpoint_pattern = "/api/v1/labels", method = "POST" }].

resource "perses_global_datasource" "test" {
  name = "prometheus-main"
  prometheus = {
    proxy = {
      url               = "http://prometheus.monitoring.svc:9090"
      allowed_endpoints = []
    }
  }
}
