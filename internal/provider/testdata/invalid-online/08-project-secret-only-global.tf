# A project datasource only sees its own project's secrets: "corpus-global" is a global secret.
#
# error: Secret Not Found
# at: perses_project_datasource.test loki.proxy.secret
# | The proxy names secret "corpus-global", which is not among the secrets of project "corpus" (a project datasource only sees its own project's secrets) on the Perses server, and no perses_project_secret of this configuration creates it. Perses would accept the datasource, and every query through its proxy would then fail with 404.
# |
# | Create it with a perses_project_secret resource and reference it (secret = perses_project_secret.<name>.name), or fix the name.

resource "perses_project_datasource" "test" {
  project = "corpus"
  name    = "loki"
  loki = {
    proxy = {
      url    = "http://loki.monitoring.svc:3100"
      secret = "corpus-global"
    }
  }
}
