# Needs a Perses server with auth on. The checkout team may read the project's datasources and
# variables, and manage its dashboards.
resource "perses_project" "checkout" {
  name = "checkout"
}

resource "perses_role" "dashboard_editor" {
  project = perses_project.checkout.name
  name    = "dashboard-editor"
  permissions = [
    { actions = ["read"], scopes = ["Datasource", "Variable"] },
    { actions = ["read", "create", "update", "delete"], scopes = ["Dashboard"] },
  ]
}
