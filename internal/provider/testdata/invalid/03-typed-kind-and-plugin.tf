# A typed kind and the raw plugin attribute, in a project.
#
# error: Conflicting Datasource Kinds
# at: perses_project_datasource.test plugin
# | tempo and plugin are all set, but a datasource has exactly one plugin kind.
# |
# | Keep one of them and move the others to datasources of their own.

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "traces"
  tempo   = { direct_url = "https://tempo.example.com" }
  plugin = {
    kind      = "JaegerDatasource"
    spec_json = jsonencode({ directUrl = "https://jaeger.example.com" })
  }
}
