# The project and name as the server stores them (lowercased by a server that is not
# case-sensitive), as terraform query lists them.
import {
  to = perses_project_datasource.prometheus
  identity = {
    project = "checkout"
    name    = "prometheus"
  }
}
