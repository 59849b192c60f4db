# Perses accepts a proxy whose secret does not exist; every query would then answer 404.
#
# error: Secret Not Found
# at: perses_global_datasource.test prometheus.proxy.secret
# | The proxy names secret "no-such-secret", which is not among global secrets on the Perses server, and no perses_global_secret of this configuration creates it. Perses would accept the datasource, and every query through its proxy would then fail with 404.
# |
# | Create it with a perses_global_secret resource and reference it (secret = perses_global_secret.<name>.name), or fix the name.

resource "perses_global_datasource" "test" {
  name = "prometheus"
  prometheus = {
    proxy = {
      url    = "http://prometheus.monitoring.svc:9090"
      secret = "no-such-secret"
    }
  }
}
