# A secret is named like any Perses object; the project is implied by the datasource's.
#
# error: Invalid Name
# at: perses_project_datasource.test prometheus.proxy.secret
# | prometheus.proxy.secret is "checkout/prometheus credentials", which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-".
# |
# | Write "checkout-prometheus-credentials".

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "prometheus"
  prometheus = {
    proxy = {
      url    = "http://prometheus.monitoring.svc:9090"
      secret = "checkout/prometheus credentials"
    }
  }
}
