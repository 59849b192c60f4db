# A JSON string is valid JSON, but not a plugin spec.
#
# error: Invalid Plugin Spec JSON
# at: data.perses_datasource_spec.test plugin.spec_json
# | plugin.spec_json is a JSON string, but Perses needs the plugin spec as a JSON object.
# |
# | Write the spec's fields in an object, e.g. spec_json = jsonencode({ directUrl = "https://jaeger.example.com" }).

data "perses_datasource_spec" "test" {
  plugin = {
    kind      = "JaegerDatasource"
    spec_json = jsonencode("https://jaeger.example.com")
  }
}
