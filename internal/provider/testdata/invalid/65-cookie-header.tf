# Other credential headers than Authorization: Perses forwards them, stored in clear.
#
# error: Credentials In Proxy Headers
# at: perses_global_datasource.test clickhouse.proxy.headers["Cookie"]
# | clickhouse.proxy.headers sets the header "Cookie", which carries credentials: they would be stored in clear in Perses and in the Terraform state.
# |
# | Put the credential in a perses_global_secret or perses_project_secret (basic_auth, authorization or oauth), set proxy.secret to its name, and remove this header.

resource "perses_global_datasource" "test" {
  name = "clickhouse"
  clickhouse = {
    proxy = {
      url     = "http://clickhouse.monitoring.svc:8123"
      headers = { Cookie = "session=abc" }
    }
  }
}
