# The data sources that read a datasource check its name before asking the server.
#
# error: Invalid Name
# at: data.perses_global_datasource.test name
# | name is "main prometheus", which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-".
# |
# | Write "main-prometheus".

data "perses_global_datasource" "test" {
  name = "main prometheus"
}
