# allowed_endpoints compares methods exactly, in uppercase: a lowercase method could only be
# refused with 403.
#
# error: Invalid HTTP Method
# at: data.perses_datasource_probe.test method
# | method is "post", which is not accepted by Perses: it takes GET, POST, PUT, PATCH or DELETE, in uppercase.
# |
# | Write "POST".

data "perses_datasource_probe" "test" {
  name   = "prometheus-main"
  path   = "/api/v1/query"
  method = "post"
  body   = "query=up"
}
