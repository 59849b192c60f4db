resource "perses_project" "checkout" {
  name = "checkout"
}

resource "perses_project_datasource" "tempo" {
  project = perses_project.checkout.name
  name    = "tempo"
  tempo   = { direct_url = "https://tempo.example.com" }
}

data "perses_project_datasources" "checkout" {
  project     = perses_project.checkout.name
  name_prefix = "tem"

  depends_on = [perses_project_datasource.tempo]
}
