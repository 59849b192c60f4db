resource "perses_project" "checkout" {
  name         = "checkout"
  display_name = "Checkout team"
}

# Inside the checkout project, this overrides any global datasource named "prometheus".
resource "perses_project_datasource" "prometheus" {
  project = perses_project.checkout.name
  name    = "prometheus"

  prometheus = {
    proxy = {
      url = "http://prometheus.checkout.svc:9090"
      # Only instant and range queries: every other path gets 403 from the proxy.
      allowed_endpoints = [
        { endpoint_pattern = "/api/v1/query", method = "POST" },
        { endpoint_pattern = "/api/v1/query_range", method = "POST" },
      ]
    }
  }
}
