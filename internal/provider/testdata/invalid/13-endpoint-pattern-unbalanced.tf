# A pattern that does not compile: the message shows Go's error.
#
# error: Invalid Endpoint Pattern
# at: perses_global_datasource.test loki.proxy.allowed_endpoints[1].endpoint_pattern
# | loki.proxy.allowed_endpoints[1].endpoint_pattern is "/loki/api/v1/label/(.*/values", which is not a valid regular expression: error parsing regexp: missing closing ): `/loki/api/v1/label/(.*/values`.
# |
# | Correct the expression (Go RE2 syntax). To match a special character literally, escape it: in HCL "\\(" matches "(".

resource "perses_global_datasource" "test" {
  name = "logs"
  loki = {
    proxy = {
      url = "http://loki.monitoring.svc:3100"
      allowed_endpoints = [
        { endpoint_pattern = "/loki/api/v1/query", method = "GET" },
        { endpoint_pattern = "/loki/api/v1/label/(.*/values", method = "GET" },
      ]
    }
  }
}
