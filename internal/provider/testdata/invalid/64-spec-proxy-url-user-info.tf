# perses_datasource_spec refuses credentials in URLs too.
#
# error: Credentials In URL
# at: data.perses_datasource_spec.test tempo.proxy.url
# | tempo.proxy.url is "http://***@tempo.monitoring.svc:3200", which carries credentials before its host: they would be stored in clear in Perses and in the Terraform state.
# |
# | Write "http://tempo.monitoring.svc:3200", and put the credentials in a perses_global_secret or perses_project_secret (basic_auth) whose name you set in proxy.secret.

data "perses_datasource_spec" "test" {
  tempo = {
    proxy = { url = "http://admin:admin@tempo.monitoring.svc:3200" }
  }
}
