# Quickstart: a global Prometheus datasource for everyone, and a project whose own datasource of
# the same name overrides it inside that project.
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

resource "perses_global_datasource" "prometheus" {
  name         = "prometheus"
  display_name = "Prometheus (organisation)"
  default      = true

  prometheus = {
    # Perses forwards the queries; allowed_endpoints defaults to the query API only.
    proxy = { url = "http://prometheus.monitoring.svc:9090" }
  }
}

resource "perses_project" "checkout" {
  name         = "checkout"
  display_name = "Checkout team"
}

# Dashboards of the checkout project that use "prometheus" get this one instead.
resource "perses_project_datasource" "prometheus" {
  project      = perses_project.checkout.name
  name         = perses_global_datasource.prometheus.name
  display_name = "Prometheus (checkout)"

  prometheus = {
    proxy           = { url = "http://prometheus.checkout.svc:9090" }
    scrape_interval = "30s"
  }
}

output "perses_version" {
  value = data.perses_health.server.version
}

output "global_datasource" {
  value = perses_global_datasource.prometheus.id
}

output "project_datasource" {
  value = perses_project_datasource.prometheus.id
}

output "allowed_endpoints" {
  value = [for e in perses_global_datasource.prometheus.prometheus.proxy.allowed_endpoints : "${e.method} ${e.endpoint_pattern}"]
}
