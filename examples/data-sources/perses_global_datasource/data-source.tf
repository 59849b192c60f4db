resource "perses_global_datasource" "prometheus" {
  name       = "prometheus"
  prometheus = { direct_url = "https://prometheus.example.com" }
}

# Read a global datasource, e.g. one managed elsewhere.
data "perses_global_datasource" "prometheus" {
  name = perses_global_datasource.prometheus.name
}

output "prometheus_url" {
  value = data.perses_global_datasource.prometheus.prometheus.direct_url
}
