# An empty secret name.
#
# error: Invalid Name
# at: perses_global_datasource.test prometheus.proxy.secret
# | prometheus.proxy.secret is empty, which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-".
# |
# | Write a name such as "prometheus-credentials".

resource "perses_global_datasource" "test" {
  name = "prometheus-main"
  prometheus = {
    proxy = {
      url    = "http://prometheus.monitoring.svc:9090"
      secret = ""
    }
  }
}
