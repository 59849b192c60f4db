# Values that come from another resource are unknown at validate time: every rule skips them
# (project, secret, pattern, URL, kind attribute values). Only the known mistake is reported.
#
# error: Invalid HTTP Method
# at: perses_project_datasource.test prometheus.proxy.allowed_endpoints[1].method
# | prometheus.proxy.allowed_endpoints[1].method is "get", which is not accepted by Perses: it takes GET, POST, PUT, PATCH or DELETE, in uppercase.
# |
# | Write "GET".

resource "perses_project" "team" {
  name = "checkout"
}

resource "perses_project_datasource" "test" {
  project = perses_project.team.id
  name    = perses_project.team.id
  prometheus = {
    proxy = {
      url    = perses_project.team.id
      secret = perses_project.team.id
      allowed_endpoints = [
        { endpoint_pattern = perses_project.team.id, method = perses_project.team.id },
        { endpoint_pattern = "/api/v1/query", method = "get" },
      ]
    }
    scrape_interval = perses_project.team.id
  }
}
