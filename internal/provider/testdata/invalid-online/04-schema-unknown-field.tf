# Plugin specs are closed: a field the schema does not have is refused (here through the raw
# attribute, which validate cannot check field by field).
#
# error: Perses Rejects This Datasource
# at: perses_global_datasource.test plugin.kind
# | The Perses server's validation (its PrometheusDatasource plugin schema) refuses global datasource "prometheus-raw".
# |
# | Fix the attribute the server's message points at (spec.<field> is the plugin spec: spec_json, or the typed attribute of the same name).
# |
# | Original error: POST /api/validate/globaldatasources: 400 bad request: invalid datasource prometheus-raw: spec: 2 errors in empty disjunction:

resource "perses_global_datasource" "test" {
  name = "prometheus-raw"
  plugin = {
    kind      = "PrometheusDatasource"
    spec_json = jsonencode({ directUrl = "https://prometheus.example.com", timeout = "30s" })
  }
}
