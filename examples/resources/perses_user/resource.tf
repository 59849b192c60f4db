# Needs a Perses server with auth on. The password is write-only (Terraform 1.11+, OpenTofu 1.11+):
# never stored in the state or the plan. Terraform 1.8 to 1.10: write password = var.bob_password
# instead (stored in the state), without password_wo_version.
variable "bob_password" {
  type      = string
  sensitive = true
  ephemeral = true # not in a saved plan either
}

resource "perses_user" "bob" {
  name                = "bob"
  first_name          = "Bob"
  last_name           = "Martin"
  password_wo         = var.bob_password
  password_wo_version = 1 # increase it to send a new password
}

# What bob may do: read the dashboards of every project.
resource "perses_global_role" "dashboard_reader" {
  name        = "dashboard-reader"
  permissions = [{ actions = ["read"], scopes = ["Dashboard", "Project"] }]
}

resource "perses_global_role_binding" "dashboard_readers" {
  name     = "dashboard-readers"
  role     = perses_global_role.dashboard_reader.name
  subjects = [{ name = perses_user.bob.name }]
}
