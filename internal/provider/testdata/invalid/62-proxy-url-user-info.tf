# Credentials in the proxy URL: stored in clear; they belong in a secret. The message masks them.
#
# error: Credentials In URL
# at: perses_global_datasource.test prometheus.proxy.url
# | prometheus.proxy.url is "https://***@prometheus.example.com:9090", which carries credentials before its host: they would be stored in clear in Perses and in the Terraform state.
# |
# | Write "https://prometheus.example.com:9090", and put the credentials in a perses_global_secret or perses_project_secret (basic_auth) whose name you set in proxy.secret.

resource "perses_global_datasource" "test" {
  name = "prometheus-main"
  prometheus = {
    proxy = { url = "https://perses:s3cret@prometheus.example.com:9090" }
  }
}
