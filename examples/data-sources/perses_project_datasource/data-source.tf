resource "perses_project" "checkout" {
  name = "checkout"
}

resource "perses_project_datasource" "prometheus" {
  project    = perses_project.checkout.name
  name       = "prometheus"
  prometheus = { direct_url = "https://prometheus.checkout.example.com" }
}

data "perses_project_datasource" "prometheus" {
  project = perses_project_datasource.prometheus.project
  name    = perses_project_datasource.prometheus.name
}
