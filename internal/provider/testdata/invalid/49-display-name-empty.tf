# An empty display name is left out of the datasource and would read back as unset: omit it.
#
# error: Empty Value
# at: perses_global_datasource.test display_name
# | display_name is empty: the provider does not send empty values to Perses, so it would read back as unset.
# |
# | Remove display_name, or give it a value.

resource "perses_global_datasource" "test" {
  name         = "prometheus-main"
  display_name = ""
  prometheus   = { direct_url = "https://prometheus.example.com" }
}
