# A space inside a URL.
#
# error: Invalid URL
# at: perses_global_datasource.test clickhouse.proxy.url
# | clickhouse.proxy.url is "http://clickhouse .monitoring.svc:8123", which is not a URL Perses accepts: it must start with http:// or https:// followed by a host.
# |
# | Write an http:// or https:// URL with a host, e.g. "https://clickhouse.example.com".

resource "perses_global_datasource" "test" {
  name       = "clickhouse"
  clickhouse = { proxy = { url = "http://clickhouse .monitoring.svc:8123" } }
}
