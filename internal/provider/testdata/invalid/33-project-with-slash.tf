# A project name with a slash.
#
# error: Invalid Name
# at: perses_project_datasource.test project
# | project is "team/checkout", which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-".
# |
# | Write "team-checkout".

resource "perses_project_datasource" "test" {
  project = "team/checkout"
  name    = "logs"
  loki    = { direct_url = "https://loki.example.com" }
}
