# A space inside a duration.
#
# error: Invalid Duration
# at: perses_project_datasource.test prometheus.scrape_interval
# | prometheus.scrape_interval is "1m 30s", which is not a duration Perses accepts.
# |
# | Write "1m30s".

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "prometheus"
  prometheus = {
    direct_url      = "https://prometheus.example.com"
    scrape_interval = "1m 30s"
  }
}
