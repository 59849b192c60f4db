# The password comes from a variable (set TF_VAR_prometheus_password) and, written as
# password_wo, is never stored in the plan or the state. Terraform < 1.11 and OpenTofu < 1.11:
# see the guide "Secrets without state".
variable "prometheus_password" {
  type      = string
  sensitive = true
  ephemeral = true # not even in a saved plan (Terraform 1.10+, OpenTofu 1.11+)
}

resource "perses_global_secret" "prometheus" {
  name = "prometheus-credentials"

  basic_auth = {
    username            = "perses"
    password_wo         = var.prometheus_password
    password_wo_version = 1 # change it to send a new password
  }
}

# The Perses proxy of this datasource sends the secret's credentials to Prometheus.
resource "perses_global_datasource" "prometheus" {
  name = "prometheus"

  prometheus = {
    proxy = {
      url    = "https://prometheus.example.com"
      secret = perses_global_secret.prometheus.name
    }
  }
}
