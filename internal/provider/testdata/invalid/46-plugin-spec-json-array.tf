# A plugin spec is a JSON object, not an array.
#
# error: Invalid Plugin Spec JSON
# at: perses_global_datasource.test plugin.spec_json
# | plugin.spec_json is a JSON array, but Perses needs the plugin spec as a JSON object.
# |
# | Write the spec's fields in an object, e.g. spec_json = jsonencode({ directUrl = "https://jaeger.example.com" }).

resource "perses_global_datasource" "test" {
  name = "jaeger"
  plugin = {
    kind      = "JaegerDatasource"
    spec_json = jsonencode(["https://jaeger.example.com"])
  }
}
