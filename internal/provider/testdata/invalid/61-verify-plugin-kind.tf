# verify sends the default probe of the datasource's kind, which a raw plugin kind does not have.
#
# error: Cannot Verify This Datasource Kind
# at: perses_project_datasource.test verify
# | verify = true sends the default probe request of the datasource's kind, and the provider knows none for a kind given with the plugin attribute.
# |
# | Remove verify (or write verify = false), and check the datasource with a perses_datasource_probe data source in a check block, giving path (e.g. path = "/api/health").

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "jaeger"
  verify  = true
  plugin = {
    kind      = "JaegerDatasource"
    spec_json = jsonencode({ proxy = { kind = "HTTPProxy", spec = { url = "http://jaeger:16686" } } })
  }
}
