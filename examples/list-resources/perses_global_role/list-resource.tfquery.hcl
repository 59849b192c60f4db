# The global roles whose name starts with "datasource".
list "perses_global_role" "datasource" {
  provider = perses

  config {
    name_prefix = "datasource"
  }
}
