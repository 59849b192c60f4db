# An empty plugin kind.
#
# error: Missing Plugin Kind
# at: perses_global_datasource.test plugin.kind
# | plugin.kind is empty, but Perses needs the plugin kind of the datasource.
# |
# | Write the Perses plugin kind, e.g. "JaegerDatasource", or set a typed attribute instead of plugin: prometheus, tempo, loki, pyroscope, clickhouse or victorialogs.

resource "perses_global_datasource" "test" {
  name = "jaeger"
  plugin = {
    kind      = ""
    spec_json = jsonencode({ directUrl = "https://jaeger.example.com" })
  }
}
