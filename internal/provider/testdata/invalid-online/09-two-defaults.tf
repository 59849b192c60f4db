# One default per plugin kind per scope: both cannot be it.
#
# error: Two Default Datasources
# at: perses_global_datasource.a default
# | The global datasources "loki-a" and "loki-b" are all planned with default = true for LokiDatasource in the global scope, but Perses allows one default per plugin kind per scope.
# |
# | Keep default = true on one of them and set default = false on the others.

resource "perses_global_datasource" "a" {
  name    = "loki-a"
  default = true
  loki    = { direct_url = "https://loki-a.example.com" }
}

resource "perses_global_datasource" "b" {
  name    = "loki-b"
  default = true
  loki    = { direct_url = "https://loki-b.example.com" }
}
