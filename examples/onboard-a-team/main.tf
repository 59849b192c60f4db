# Onboard a team: one module call per team gives it a project, its Prometheus datasource with the
# secret it authenticates with, and the rights of its members in that project and nowhere else.
terraform {
  required_providers {
    perses = {
      source = "perses/perses"
    }
  }
}

# url from PERSES_URL; an identity allowed to manage projects, secrets, datasources, roles and
# role bindings (PERSES_USERNAME/PERSES_PASSWORD or PERSES_TOKEN).
provider "perses" {}

variable "prometheus_password" {
  description = "Password of the user perses on the teams' Prometheus (TF_VAR_prometheus_password, e.g. a Terraform Cloud sensitive variable)."
  type        = string
  sensitive   = true
  ephemeral   = true
}

module "checkout" {
  source = "./modules/team"

  name                = "checkout"
  members             = ["alice"]
  prometheus_url      = "http://prometheus.checkout.svc:9090"
  prometheus_password = var.prometheus_password
}

module "payments" {
  source = "./modules/team"

  name                = "payments"
  members             = ["bob", "carol"]
  prometheus_url      = "http://prometheus.payments.svc:9090"
  prometheus_password = var.prometheus_password
}

output "checkout_project" {
  value = module.checkout.project
}
