# An empty map of query parameters.
#
# error: Empty Value
# at: perses_global_datasource.test prometheus.query_params
# | prometheus.query_params is empty: the provider does not send empty values to Perses, so it would read back as unset.
# |
# | Remove prometheus.query_params, or give it a value.

resource "perses_global_datasource" "test" {
  name = "prometheus-main"
  prometheus = {
    direct_url   = "https://prometheus.example.com"
    query_params = {}
  }
}
