resource "perses_global_datasource" "prometheus" {
  name       = "prometheus"
  prometheus = { proxy = { url = "http://prometheus.monitoring.svc:9090" } }
}

# Warns on every plan and apply when dashboards could not query the datasource: its backend
# unreachable from the Perses server, a request allowed_endpoints does not let through, the
# secret's credentials refused. Read after the datasource is created or changed.
check "prometheus_answers" {
  data "perses_datasource_probe" "prometheus" {
    name = perses_global_datasource.prometheus.name
  }

  assert {
    condition     = data.perses_datasource_probe.prometheus.ok
    error_message = data.perses_datasource_probe.prometheus.diagnosis
  }
}

# A request of your own instead of the default one (for Prometheus, POST /api/v1/query with
# query=up), here one that label-value variables send.
data "perses_datasource_probe" "label_values" {
  name   = perses_global_datasource.prometheus.name
  path   = "/api/v1/label/job/values"
  method = "GET"
}

output "label_values_probe" {
  value = data.perses_datasource_probe.label_values.diagnosis
}
