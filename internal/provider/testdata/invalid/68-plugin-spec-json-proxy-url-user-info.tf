# The raw plugin spec's HTTP proxy URL.
#
# error: Credentials In URL
# at: perses_project_datasource.test plugin.spec_json
# | plugin.spec_json sets proxy.spec.url to "http://***@jaeger.monitoring.svc:16686", which carries credentials before its host: they would be stored in clear in Perses and in the Terraform state.
# |
# | Write "http://jaeger.monitoring.svc:16686" in proxy.spec.url, and put the credentials in a perses_global_secret or perses_project_secret (basic_auth) whose name you set in proxy.spec.secret.

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "jaeger"
  plugin = {
    kind = "JaegerDatasource"
    spec_json = jsonencode({
      proxy = { kind = "HTTPProxy", spec = { url = "http://perses@jaeger.monitoring.svc:16686" } }
    })
  }
}
