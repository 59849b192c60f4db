# Units must come largest first.
#
# error: Invalid Duration
# at: data.perses_datasource_spec.test prometheus.scrape_interval
# | prometheus.scrape_interval is "30s1m", which is not a duration Perses accepts.
# |
# | Write numbers each followed by a unit among y, w, d, h, m, s and ms, largest unit first, e.g. "15s" or "1m30s".

data "perses_datasource_spec" "test" {
  prometheus = {
    direct_url      = "https://prometheus.example.com"
    scrape_interval = "30s1m"
  }
}
