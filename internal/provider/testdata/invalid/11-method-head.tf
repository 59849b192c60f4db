# HEAD is not among the methods Perses accepts.
#
# error: Invalid HTTP Method
# at: perses_project_datasource.test tempo.proxy.allowed_endpoints[0].method
# | tempo.proxy.allowed_endpoints[0].method is "HEAD", which is not accepted by Perses: it takes GET, POST, PUT, PATCH or DELETE, in uppercase.
# |
# | Write one of ["GET" "POST" "PUT" "PATCH" "DELETE"].

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "traces"
  tempo = {
    proxy = {
      url               = "http://tempo.monitoring.svc:3200"
      allowed_endpoints = [{ endpoint_pattern = "/api/search", method = "HEAD" }]
    }
  }
}
