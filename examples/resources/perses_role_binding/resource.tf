# Needs a Perses server with auth on. Alice gets the role in project checkout; the plan checks
# that the role and the user exist (or that this configuration creates them).
resource "perses_project" "checkout" {
  name = "checkout"
}

resource "perses_role" "dashboard_editor" {
  project = perses_project.checkout.name
  name    = "dashboard-editor"
  permissions = [
    { actions = ["read"], scopes = ["Datasource", "Variable"] },
    { actions = ["*"], scopes = ["Dashboard"] },
  ]
}

resource "perses_role_binding" "dashboard_editors" {
  project  = perses_project.checkout.name
  name     = "dashboard-editors"
  role     = perses_role.dashboard_editor.name
  subjects = [{ kind = "User", name = "alice" }]
}
