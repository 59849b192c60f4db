resource "perses_global_datasource" "prometheus" {
  name       = "prometheus"
  default    = true
  prometheus = { direct_url = "https://prometheus.example.com" }
}

# Every default Prometheus datasource (at most one per scope).
data "perses_global_datasources" "default_prometheus" {
  kind    = "PrometheusDatasource"
  default = true

  depends_on = [perses_global_datasource.prometheus]
}

output "default_prometheus" {
  value = data.perses_global_datasources.default_prometheus.datasources[*].name
}
