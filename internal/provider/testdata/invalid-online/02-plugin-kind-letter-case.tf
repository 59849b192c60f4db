# Plugin kinds are case-sensitive; a kind without a typed attribute is only known to the server.
#
# error: Datasource Plugin Not Installed
# at: perses_global_datasource.test plugin.kind
# | The Perses server has no loaded datasource plugin of kind "jaegerDatasource", so it would refuse this datasource.
# |
# | Installed datasource kinds: ClickHouseDatasource, JaegerDatasource, LokiDatasource, PrometheusDatasource, PyroscopeDatasource, TempoDatasource, VictoriaLogsDatasource. Install the plugin on the Perses server, or use one of these kinds.

resource "perses_global_datasource" "test" {
  name = "traces"
  plugin = {
    kind      = "jaegerDatasource"
    spec_json = jsonencode({ directUrl = "https://jaeger.example.com" })
  }
}
