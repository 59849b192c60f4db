# An empty name, in a project datasource.
#
# error: Invalid Name
# at: perses_project_datasource.test name
# | name is empty, which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-".
# |
# | Write a name such as "prometheus-main".

resource "perses_project_datasource" "test" {
  project = "checkout"
  name    = ""
  tempo   = { direct_url = "https://tempo.example.com" }
}
