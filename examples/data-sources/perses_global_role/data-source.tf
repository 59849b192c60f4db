resource "perses_global_role" "auditor" {
  name        = "auditor"
  permissions = [{ actions = ["read"], scopes = ["*"] }]
}

data "perses_global_role" "auditor" {
  name = perses_global_role.auditor.name
}
