# The datasources of project checkout whose name starts with "prom".
list "perses_project_datasource" "checkout" {
  provider = perses

  config {
    project     = "checkout"
    name_prefix = "prom"
  }
}

# Without project: the Prometheus datasources of every project, in one request.
list "perses_project_datasource" "prometheus" {
  provider = perses
  limit    = 1000

  config {
    plugin_kind = "PrometheusDatasource"
  }
}
