# Quickstart: point the provider at a Perses server and check it answers.
# `make demo` applies this against a local Perses started by the test bed (PERSES_URL is set for you).
terraform {
  required_providers {
    perses = {
      source = "perses/perses"
    }
  }
}

# url comes from PERSES_URL; credentials (if the server has auth on) from PERSES_TOKEN or
# PERSES_USERNAME/PERSES_PASSWORD.
provider "perses" {}

data "perses_health" "server" {}

output "perses_version" {
  value = data.perses_health.server.version
}

output "perses_database_ok" {
  value = data.perses_health.server.database
}
