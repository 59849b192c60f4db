variable "loki_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "perses_project" "checkout" {
  name = "checkout"
}

# Only the datasources of the checkout project can use this secret.
resource "perses_project_secret" "loki" {
  project = perses_project.checkout.name
  name    = "loki-credentials"

  # Sent as "Authorization: Bearer <token>".
  authorization = {
    credentials_wo         = var.loki_token
    credentials_wo_version = 1
  }

  # A private CA, read by Perses from its own file system.
  tls_config = {
    ca_file     = "/etc/perses/tls/internal-ca.pem"
    server_name = "loki.checkout.svc"
  }
}

resource "perses_project_datasource" "loki" {
  project = perses_project.checkout.name
  name    = "loki"

  loki = {
    proxy = {
      url    = "https://loki.checkout.svc:3100"
      secret = perses_project_secret.loki.name
    }
  }
}
