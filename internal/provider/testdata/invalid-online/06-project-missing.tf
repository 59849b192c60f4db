# The project neither exists nor is created by this configuration.
#
# error: Project Not Found
# at: perses_project_datasource.test project
# | Project "nowhere" does not exist on the Perses server, and no perses_project resource of this configuration creates it.
# |
# | Create it with a perses_project resource and reference it (project = perses_project.<name>.name, so Terraform creates it first), or fix the name.

resource "perses_project_datasource" "test" {
  project    = "nowhere"
  name       = "prometheus"
  prometheus = { direct_url = "https://prometheus.example.com" }
}
