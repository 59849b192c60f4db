# The same in perses_datasource_spec, with an unknown plugin spec and an unknown display name.
#
# error: Misspelled Plugin Kind
# at: data.perses_datasource_spec.test plugin.kind
# | plugin.kind is "victorialogsdatasource", which Perses does not know: plugin kinds are case-sensitive, and the VictoriaLogs kind is spelled "VictoriaLogsDatasource".
# |
# | Set the typed attribute victorialogs = { ... } instead of plugin (its fields are then checked offline), or write kind = "VictoriaLogsDatasource".

resource "perses_project" "team" {
  name = "checkout"
}

data "perses_datasource_spec" "unknown" {
  display_name = perses_project.team.id
  plugin = {
    kind      = perses_project.team.id
    spec_json = perses_project.team.id
  }
}

data "perses_datasource_spec" "test" {
  display_name = perses_project.team.id
  plugin = {
    kind      = "victorialogsdatasource"
    spec_json = jsonencode({ directUrl = perses_project.team.id })
  }
}
