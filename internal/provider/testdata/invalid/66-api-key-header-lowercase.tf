# Credential headers in any letter case.
#
# error: Credentials In Proxy Headers
# at: data.perses_datasource_spec.test pyroscope.proxy.headers["x-api-key"]
# | pyroscope.proxy.headers sets the header "x-api-key", which carries credentials: they would be stored in clear in Perses and in the Terraform state.
# |
# | Put the credential in a perses_global_secret or perses_project_secret (basic_auth, authorization or oauth), set proxy.secret to its name, and remove this header.

data "perses_datasource_spec" "test" {
  pyroscope = {
    proxy = {
      url     = "http://pyroscope.monitoring.svc:4040"
      headers = { "X-Scope-OrgID" = "platform", "x-api-key" = "abc" }
    }
  }
}
