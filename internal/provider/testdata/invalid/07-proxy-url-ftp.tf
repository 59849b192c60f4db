# Perses only proxies http and https.
#
# error: Invalid URL
# at: perses_project_datasource.test pyroscope.proxy.url
# | pyroscope.proxy.url is "ftp://pyroscope.monitoring.svc:4040", which is not a URL Perses accepts: it must start with http:// or https:// followed by a host.
# |
# | Write an http:// or https:// URL with a host, e.g. "https://pyroscope.example.com".

resource "perses_project_datasource" "test" {
  project   = "checkout"
  name      = "profiles"
  pyroscope = { proxy = { url = "ftp://pyroscope.monitoring.svc:4040" } }
}
