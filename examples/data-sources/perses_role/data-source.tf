# The viewer role Perses creates with every project (auth on).
resource "perses_project" "checkout" {
  name = "checkout"
}

data "perses_role" "viewer" {
  project = perses_project.checkout.name
  name    = "viewer"
}
