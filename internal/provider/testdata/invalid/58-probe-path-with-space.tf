# The path and its query string are sent as written: a space would make an invalid URL.
#
# error: Invalid Probe Path
# at: data.perses_datasource_probe.test path
# | path is "/?query=SELECT 1": it is sent as written, and a URL path cannot contain spaces or #.
# |
# | Percent-encode them: write "/?query=SELECT%201".

data "perses_datasource_probe" "test" {
  name = "clickhouse-main"
  path = "/?query=SELECT 1"
}
