# An empty pattern matches every path: far more likely an omission than a choice.
#
# error: Invalid Endpoint Pattern
# at: perses_global_datasource.test loki.proxy.allowed_endpoints[0].endpoint_pattern
# | loki.proxy.allowed_endpoints[0].endpoint_pattern is empty, which lets every path through.
# |
# | Write a regular expression matched anywhere in the request path, e.g. "/loki/api/v1/query".

resource "perses_global_datasource" "test" {
  name = "logs"
  loki = {
    proxy = {
      url               = "http://loki.monitoring.svc:3100"
      allowed_endpoints = [{ endpoint_pattern = "", method = "GET" }]
    }
  }
}
