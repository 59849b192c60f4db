# Perl lookaheads are not Go RE2: Perses refuses them.
#
# error: Invalid Endpoint Pattern
# at: perses_project_datasource.test victorialogs.proxy.allowed_endpoints[0].endpoint_pattern
# | victorialogs.proxy.allowed_endpoints[0].endpoint_pattern is "/select/(?!admin)", which is not a valid regular expression: error parsing regexp: invalid or unsupported Perl syntax: `(?!`.
# |
# | Correct the expression (Go RE2 syntax). To match a special character literally, escape it: in HCL "\\(" matches "(".

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "logs"
  victorialogs = {
    proxy = {
      url               = "http://victorialogs.monitoring.svc:9428"
      allowed_endpoints = [{ endpoint_pattern = "/select/(?!admin)", method = "POST" }]
    }
  }
}
