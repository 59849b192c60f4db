# The organisation's Prometheus, queried through the Perses proxy. allowed_endpoints is omitted:
# the plan shows the query endpoints the Perses UI would pre-fill, and nothing else is let through.
resource "perses_global_datasource" "prometheus" {
  name         = "prometheus"
  display_name = "Prometheus (prod)"
  description  = "Org-wide metrics"
  default      = true

  prometheus = {
    proxy = {
      url     = "http://prometheus.monitoring.svc:9090"
      headers = { "X-Scope-OrgID" = "platform" }
    }
    scrape_interval = "15s"
  }
}

# Loki, queried directly by the browsers of dashboard viewers.
resource "perses_global_datasource" "logs" {
  name = "logs"
  loki = {
    direct_url = "https://loki.example.com"
  }
}

# A plugin kind without a typed attribute, as raw JSON.
resource "perses_global_datasource" "traces" {
  name = "jaeger"
  plugin = {
    kind      = "JaegerDatasource"
    spec_json = jsonencode({ directUrl = "https://jaeger.example.com" })
  }
}
