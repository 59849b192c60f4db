# An empty map is left out of the datasource, and would read back as unset.
#
# error: Empty Value
# at: perses_global_datasource.test loki.proxy.headers
# | loki.proxy.headers is empty: the provider does not send empty values to Perses, so it would read back as unset.
# |
# | Remove loki.proxy.headers, or give it a value.

resource "perses_global_datasource" "test" {
  name = "logs"
  loki = {
    proxy = {
      url     = "http://loki.monitoring.svc:3100"
      headers = {}
    }
  }
}
