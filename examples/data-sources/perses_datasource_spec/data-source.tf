# The JSON of a dashboard-scoped datasource, validated like the resources, for a dashboard
# built in Terraform: spec.datasources.<name> of the dashboard.
data "perses_datasource_spec" "prometheus" {
  default = true
  prometheus = {
    proxy = { url = "http://prometheus.monitoring.svc:9090" }
  }
}

output "dashboard_datasources" {
  value = jsonencode({ prometheus = jsondecode(data.perses_datasource_spec.prometheus.json) })
}
