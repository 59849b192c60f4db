# A secret name longer than 75 characters: the suggestion keeps the first 75.
#
# error: Invalid Name
# at: perses_global_datasource.test victorialogs.proxy.secret
# | victorialogs.proxy.secret is "victorialogs-basic-auth-credentials-for-the-production-cluster-in-europe-west-1", which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-".
# |
# | Write "victorialogs-basic-auth-credentials-for-the-production-cluster-in-europe-we".

resource "perses_global_datasource" "test" {
  name = "logs"
  victorialogs = {
    proxy = {
      url    = "http://victorialogs.monitoring.svc:9428"
      secret = "victorialogs-basic-auth-credentials-for-the-production-cluster-in-europe-west-1"
    }
  }
}
