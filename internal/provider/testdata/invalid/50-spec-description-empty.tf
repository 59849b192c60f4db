# The same for a description, in perses_datasource_spec.
#
# error: Empty Value
# at: data.perses_datasource_spec.test description
# | description is empty: the provider does not send empty values to Perses, so it would read back as unset.
# |
# | Remove description, or give it a value.

data "perses_datasource_spec" "test" {
  description = ""
  tempo       = { direct_url = "https://tempo.example.com" }
}
