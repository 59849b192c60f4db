# A URL without its scheme: the fix adds https://.
#
# error: Invalid URL
# at: perses_global_datasource.test prometheus.direct_url
# | prometheus.direct_url is "prometheus.example.com", which is not a URL Perses accepts: it must start with http:// or https:// followed by a host.
# |
# | Write "https://prometheus.example.com".

resource "perses_global_datasource" "test" {
  name       = "prometheus-main"
  prometheus = { direct_url = "prometheus.example.com" }
}
