terraform {
  required_providers {
    perses = { source = "perses/perses" }
  }
}

provider "perses" {}

# percli created project "Checkout" and datasource "Prometheus-0"; the server stored, and lists,
# checkout/prometheus-0. The configuration keeps the team's spelling.
import {
  to = perses_project_datasource.prometheus
  id = "checkout/prometheus-0"
}

resource "perses_project_datasource" "prometheus" {
  project    = "Checkout"
  name       = "Prometheus-0"
  default    = true
  prometheus = { direct_url = "https://prometheus-0.checkout.example.com" }
}
