# The same in a project datasource.
#
# warning: Proxy Allows Every Endpoint
# at: perses_project_datasource.test victorialogs.proxy.allowed_endpoints
# | victorialogs.proxy.allowed_endpoints is empty: Perses then lets every path and method through the proxy, the backend's admin APIs included.
# |
# | Omit allowed_endpoints to get the endpoints the Perses UI allows for VictoriaLogs, or list the ones the datasource needs, e.g. [{ endpoint_pattern = "/select/logsql/stats_query", method = "POST" }].

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "logs"
  victorialogs = {
    proxy = {
      url               = "http://victorialogs.monitoring.svc:9428"
      allowed_endpoints = []
    }
  }
}
