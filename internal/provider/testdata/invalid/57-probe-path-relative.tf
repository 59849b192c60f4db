# The proxy appends the path to the datasource's route: it must be absolute.
#
# error: Invalid Probe Path
# at: data.perses_datasource_probe.test path
# | path is "api/v1/query": it must be the backend path, starting with /, which the proxy appends to the datasource's URL.
# |
# | Write "/api/v1/query".

data "perses_datasource_probe" "test" {
  name   = "prometheus-main"
  path   = "api/v1/query"
  method = "POST"
  body   = "query=up"
}
