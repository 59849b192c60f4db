# The raw plugin spec's proxy headers.
#
# error: Credentials In Proxy Headers
# at: perses_global_datasource.test plugin.spec_json
# | plugin.spec_json sets the header "X-Auth-Token" in proxy.spec.headers, which carries credentials: they would be stored in clear in Perses and in the Terraform state.
# |
# | Put the credential in a perses_global_secret or perses_project_secret (basic_auth, authorization or oauth), set proxy.spec.secret to its name, and remove this header.

resource "perses_global_datasource" "test" {
  name = "jaeger"
  plugin = {
    kind = "JaegerDatasource"
    spec_json = jsonencode({
      proxy = {
        kind = "HTTPProxy"
        spec = {
          url     = "http://jaeger.monitoring.svc:16686"
          headers = { "X-Auth-Token" = "abc", "X-Scope-OrgID" = "platform" }
        }
      }
    })
  }
}
