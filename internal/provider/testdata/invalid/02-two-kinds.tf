# Two typed kinds in one datasource.
#
# error: Conflicting Datasource Kinds
# at: perses_global_datasource.test loki
# | prometheus and loki are all set, but a datasource has exactly one plugin kind.
# |
# | Keep one of them and move the others to datasources of their own.

resource "perses_global_datasource" "test" {
  name       = "metrics"
  prometheus = { direct_url = "https://prometheus.example.com" }
  loki       = { direct_url = "https://loki.example.com" }
}
