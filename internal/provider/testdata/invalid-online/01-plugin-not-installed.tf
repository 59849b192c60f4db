# A raw plugin kind the server has not loaded: Perses would refuse it at apply.
#
# error: Datasource Plugin Not Installed
# at: perses_global_datasource.test plugin.kind
# | The Perses server has no loaded datasource plugin of kind "ElasticsearchDatasource", so it would refuse this datasource.
# |
# | Installed datasource kinds: ClickHouseDatasource, JaegerDatasource, LokiDatasource, PrometheusDatasource, PyroscopeDatasource, TempoDatasource, VictoriaLogsDatasource. Install the plugin on the Perses server, or use one of these kinds.

resource "perses_global_datasource" "test" {
  name = "elastic"
  plugin = {
    kind      = "ElasticsearchDatasource"
    spec_json = jsonencode({ directUrl = "https://es.example.com" })
  }
}
