# The same slip with another kind, in a project.
#
# error: Misspelled Plugin Kind
# at: perses_project_datasource.test plugin.kind
# | plugin.kind is "TempoDataSource", which Perses does not know: plugin kinds are case-sensitive, and the Tempo kind is spelled "TempoDatasource".
# |
# | Set the typed attribute tempo = { ... } instead of plugin (its fields are then checked offline), or write kind = "TempoDatasource".

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "traces"
  plugin = {
    kind      = "TempoDataSource"
    spec_json = jsonencode({ directUrl = "https://tempo.example.com" })
  }
}
