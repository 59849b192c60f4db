# Every global datasource (a list block returns at most `limit` results, 100 when omitted).
list "perses_global_datasource" "all" {
  provider = perses
  limit    = 1000
}

# The default Prometheus datasource, with its attributes as an import stores them.
list "perses_global_datasource" "default_prometheus" {
  provider         = perses
  include_resource = true

  config {
    plugin_kind = "PrometheusDatasource"
    default     = true
  }
}
