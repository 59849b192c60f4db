# Both direct_url and proxy: Perses takes exactly one.
#
# error: Conflicting Datasource Access
# at: perses_global_datasource.test prometheus
# | prometheus sets both direct_url and proxy, but Perses accepts exactly one of them.
# |
# | Keep direct_url for browsers to query the datasource directly, or proxy for the Perses server to forward the queries, and remove the other.

resource "perses_global_datasource" "test" {
  name = "prometheus-main"
  prometheus = {
    direct_url = "https://prometheus.example.com"
    proxy      = { url = "http://prometheus.monitoring.svc:9090" }
  }
}
