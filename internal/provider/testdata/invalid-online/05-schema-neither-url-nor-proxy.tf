# Every HTTP datasource needs exactly one of directUrl and proxy.
#
# error: Perses Rejects This Datasource
# at: perses_global_datasource.test plugin.kind
# | The Perses server's validation (its TempoDatasource plugin schema) refuses global datasource "tempo-raw".
# |
# | Fix the attribute the server's message points at (spec.<field> is the plugin spec: spec_json, or the typed attribute of the same name).
# |
# | Original error: POST /api/validate/globaldatasources: 400 bad request: invalid datasource tempo-raw: spec: incomplete value

resource "perses_global_datasource" "test" {
  name = "tempo-raw"
  plugin = {
    kind      = "TempoDatasource"
    spec_json = jsonencode({})
  }
}
