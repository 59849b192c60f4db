# The raw plugin spec is checked for credentials as the typed attributes are.
#
# error: Credentials In URL
# at: perses_global_datasource.test plugin.spec_json
# | plugin.spec_json sets directUrl to "https://***@jaeger.example.com", which carries credentials before its host: Perses hands the direct URL to the browser of every dashboard viewer, and it would be stored in clear in Perses and in the Terraform state.
# |
# | Write "https://jaeger.example.com" in directUrl. For a backend that needs credentials, let the Perses server query it instead: proxy = { kind = "HTTPProxy", spec = { url = "https://jaeger.example.com", secret = "<secret name>" } }, with the credentials in a perses_global_secret or perses_project_secret (basic_auth).

resource "perses_global_datasource" "test" {
  name = "jaeger"
  plugin = {
    kind      = "JaegerDatasource"
    spec_json = jsonencode({ directUrl = "https://viewer:pass@jaeger.example.com" })
  }
}
