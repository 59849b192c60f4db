# Neither direct_url nor proxy.
#
# error: Missing Datasource Access
# at: perses_project_datasource.test loki
# | loki sets neither direct_url nor proxy, but Perses needs exactly one of them.
# |
# | Add direct_url = "https://loki.example.com" for browsers to query the datasource directly, or proxy = { url = "https://loki.example.com" } for the Perses server to forward the queries.

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "logs"
  loki    = {}
}
