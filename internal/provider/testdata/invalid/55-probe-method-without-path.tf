# Without path the probe sends the default request of the datasource's kind, with its own method:
# a method alone would be silently ignored.
#
# error: Probe Request Without Path
# at: data.perses_datasource_probe.test method
# | method is set but path is not: without path the probe sends the default request of the datasource's kind, with its own method and body.
# |
# | Set path (the backend path this method is for), or remove method.

data "perses_datasource_probe" "test" {
  name   = "prometheus-main"
  method = "POST"
}
