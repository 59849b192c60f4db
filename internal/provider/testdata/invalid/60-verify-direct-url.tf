# verify probes through the Perses proxy: a direct_url datasource is never queried by the server.
#
# error: Cannot Verify a Datasource Without Proxy
# at: perses_global_datasource.test verify
# | verify = true probes the datasource through the Perses proxy, and prometheus has no proxy: with direct_url, browsers query the backend and the Perses server never does.
# |
# | Remove verify (or write verify = false), or replace prometheus.direct_url with prometheus.proxy.

resource "perses_global_datasource" "test" {
  name       = "prometheus-main"
  verify     = true
  prometheus = { direct_url = "https://prometheus.example.com" }
}
