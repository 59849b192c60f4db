# Any letter case: Perses forwards "authorization", which Go sends as Authorization.
#
# error: Credentials In Proxy Headers
# at: perses_project_datasource.test tempo.proxy.headers["authorization"]
# | tempo.proxy.headers sets the header "authorization": Perses does not let a datasource's headers carry credentials, and they would be stored in clear in Perses and in the Terraform state.
# |
# | Put the credential in a perses_global_secret or perses_project_secret (basic_auth, authorization or oauth), set proxy.secret to its name, and remove this header.

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "traces"
  tempo = {
    proxy = {
      url     = "http://tempo.monitoring.svc:3200"
      headers = { "X-Scope-OrgID" = "checkout", authorization = "Basic dXNlcjpwYXNz" }
    }
  }
}
