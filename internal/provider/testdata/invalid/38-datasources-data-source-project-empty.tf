# perses_project_datasources needs a project name.
#
# error: Invalid Name
# at: data.perses_project_datasources.test project
# | project is empty, which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-".
# |
# | Write a name such as "checkout".

data "perses_project_datasources" "test" {
  project = ""
}
