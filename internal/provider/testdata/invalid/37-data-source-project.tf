# ... and its project.
#
# error: Invalid Name
# at: data.perses_project_datasource.test project
# | project is "checkout:prod", which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-".
# |
# | Write "checkout-prod".

data "perses_project_datasource" "test" {
  project = "checkout:prod"
  name    = "prometheus"
}
