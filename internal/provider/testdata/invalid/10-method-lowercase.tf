# Perses compares methods exactly, and refuses lowercase ones.
#
# error: Invalid HTTP Method
# at: perses_global_datasource.test prometheus.proxy.allowed_endpoints[0].method
# | prometheus.proxy.allowed_endpoints[0].method is "post", which is not accepted by Perses: it takes GET, POST, PUT, PATCH or DELETE, in uppercase.
# |
# | Write "POST".

resource "perses_global_datasource" "test" {
  name = "prometheus-main"
  prometheus = {
    proxy = {
      url               = "http://prometheus.monitoring.svc:9090"
      allowed_endpoints = [{ endpoint_pattern = "/api/v1/query", method = "post" }]
    }
  }
}
