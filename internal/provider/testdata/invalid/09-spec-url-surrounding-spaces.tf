# perses_datasource_spec is validated like the resources: spaces around a URL.
#
# error: Invalid URL
# at: data.perses_datasource_spec.test tempo.direct_url
# | tempo.direct_url is " https://tempo.example.com ", which is not a URL Perses accepts: it must start with http:// or https:// followed by a host.
# |
# | Write "https://tempo.example.com".

data "perses_datasource_spec" "test" {
  tempo = { direct_url = " https://tempo.example.com " }
}
