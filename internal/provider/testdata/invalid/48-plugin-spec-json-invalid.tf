# JSON written by hand, with HCL's syntax: the message shows the parse error.
#
# error: Invalid Plugin Spec JSON
# at: perses_project_datasource.test plugin.spec_json
# | plugin.spec_json is not valid JSON: invalid character 'd' looking for beginning of object key string.
# |
# | Build it with jsonencode({ ... }) so that it is always valid JSON.

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "jaeger"
  plugin = {
    kind      = "JaegerDatasource"
    spec_json = "{ directUrl = \"https://jaeger.example.com\" }"
  }
}
