terraform {
  required_providers {
    perses = {
      source = "perses/perses"
    }
  }
}

resource "perses_project" "team" {
  name = var.name
}

# Only the datasources of this project can use the secret, and the members cannot read it.
resource "perses_project_secret" "prometheus" {
  project = perses_project.team.name
  name    = "prometheus"

  basic_auth = {
    username            = "perses"
    password_wo         = var.prometheus_password
    password_wo_version = var.prometheus_password_version
  }
}

resource "perses_project_datasource" "prometheus" {
  project = perses_project.team.name
  name    = "prometheus"
  default = true

  prometheus = {
    proxy = {
      url    = var.prometheus_url
      secret = perses_project_secret.prometheus.name
    }
  }
}

# What the members may do in their project: dashboards, folders and variables; they use the
# datasources (queries go through Perses' proxy) but do not change them or read secrets.
resource "perses_role" "members" {
  project = perses_project.team.name
  name    = "members"

  permissions = [
    { actions = ["*"], scopes = ["Dashboard", "Folder", "Variable"] },
    { actions = ["read"], scopes = ["Datasource", "Project"] },
  ]
}

resource "perses_role_binding" "members" {
  project = perses_project.team.name
  name    = "members"
  role    = perses_role.members.name

  subjects = [for member in var.members : { kind = "User", name = member }]
}
