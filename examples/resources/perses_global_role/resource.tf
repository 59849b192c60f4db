# Needs a Perses server with auth on. The platform team manages the global datasources and
# secrets, and reads everything in every project.
resource "perses_global_role" "datasource_admin" {
  name = "datasource-admin"
  permissions = [
    { actions = ["*"], scopes = ["GlobalDatasource", "GlobalSecret"] },
    { actions = ["read"], scopes = ["*"] },
  ]
}
