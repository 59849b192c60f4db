# The plugin's CUE schema refuses the value: only the server knows the schema of a raw kind.
#
# error: Perses Rejects This Datasource
# at: perses_global_datasource.test plugin.kind
# | The Perses server's validation (its JaegerDatasource plugin schema) refuses global datasource "traces".
# |
# | Fix the attribute the server's message points at (spec.<field> is the plugin spec: spec_json, or the typed attribute of the same name).
# |
# | Original error: POST /api/validate/globaldatasources: 400 bad request: invalid datasource traces: spec.maxTraces: invalid value -1 (out of bound >0):

resource "perses_global_datasource" "test" {
  name = "traces"
  plugin = {
    kind      = "JaegerDatasource"
    spec_json = jsonencode({ directUrl = "https://jaeger.example.com", maxTraces = -1 })
  }
}
