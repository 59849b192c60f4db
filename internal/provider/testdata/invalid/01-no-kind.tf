# No kind attribute: a datasource needs exactly one.
#
# error: Missing Datasource Kind
# at: perses_global_datasource.test
# | A datasource needs exactly one kind attribute, and none is set.
# |
# | Set one of prometheus, tempo, loki, pyroscope, clickhouse, victorialogs, plugin, e.g. prometheus = { direct_url = "https://prometheus.example.com" }.

resource "perses_global_datasource" "test" {
  name = "prometheus-main"
}
