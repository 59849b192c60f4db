# Needs a Perses server with auth on.
resource "perses_global_role" "datasource_admin" {
  name = "datasource-admin"
  permissions = [
    { actions = ["*"], scopes = ["GlobalDatasource", "GlobalSecret"] },
  ]
}

resource "perses_global_role_binding" "datasource_admins" {
  name     = "datasource-admins"
  role     = perses_global_role.datasource_admin.name
  subjects = [{ name = "alice" }]
}
