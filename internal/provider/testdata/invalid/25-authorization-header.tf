# Credentials in the proxy's headers: Perses drops them; they belong in a secret.
#
# error: Credentials In Proxy Headers
# at: perses_global_datasource.test prometheus.proxy.headers["Authorization"]
# | prometheus.proxy.headers sets the header "Authorization": Perses does not let a datasource's headers carry credentials, and they would be stored in clear in Perses and in the Terraform state.
# |
# | Put the credential in a perses_global_secret or perses_project_secret (basic_auth, authorization or oauth), set proxy.secret to its name, and remove this header.

resource "perses_global_datasource" "test" {
  name = "prometheus-main"
  prometheus = {
    proxy = {
      url     = "http://prometheus.monitoring.svc:9090"
      headers = { Authorization = "Bearer abc" }
    }
  }
}
