# The same for a body.
#
# error: Probe Request Without Path
# at: data.perses_datasource_probe.test body
# | body is set but path is not: without path the probe sends the default request of the datasource's kind, with its own method and body.
# |
# | Set path (the backend path this body is for), or remove body.

data "perses_datasource_probe" "test" {
  project = "checkout"
  name    = "prometheus"
  body    = "query=up"
}
