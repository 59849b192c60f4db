# A bare number: Perses wants a unit.
#
# error: Invalid Duration
# at: perses_global_datasource.test prometheus.scrape_interval
# | prometheus.scrape_interval is "15", which is not a duration Perses accepts.
# |
# | Write "15s".

resource "perses_global_datasource" "test" {
  name = "prometheus-main"
  prometheus = {
    direct_url      = "https://prometheus.example.com"
    scrape_interval = "15"
  }
}
