# A user name alone (often a token) is credentials too; a direct URL reaches every viewer's browser.
#
# error: Credentials In URL
# at: perses_project_datasource.test loki.direct_url
# | loki.direct_url is "https://***@loki.example.com/prefix", which carries credentials before its host: Perses hands the direct URL to the browser of every dashboard viewer, and it would be stored in clear in Perses and in the Terraform state.
# |
# | Write "https://loki.example.com/prefix". For a backend that needs credentials, let the Perses server query it instead: proxy = { url = "https://loki.example.com/prefix", secret = "<secret name>" }, with the credentials in a perses_global_secret or perses_project_secret (basic_auth).

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = "logs"
  loki    = { direct_url = "https://glc_token@loki.example.com/prefix" }
}
