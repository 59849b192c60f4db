# Plugin kinds are case-sensitive: this is not Prometheus to Perses.
#
# error: Misspelled Plugin Kind
# at: perses_global_datasource.test plugin.kind
# | plugin.kind is "prometheusdatasource", which Perses does not know: plugin kinds are case-sensitive, and the Prometheus kind is spelled "PrometheusDatasource".
# |
# | Set the typed attribute prometheus = { ... } instead of plugin (its fields are then checked offline), or write kind = "PrometheusDatasource".

resource "perses_global_datasource" "test" {
  name = "prometheus-main"
  plugin = {
    kind      = "prometheusdatasource"
    spec_json = jsonencode({ directUrl = "https://prometheus.example.com" })
  }
}
