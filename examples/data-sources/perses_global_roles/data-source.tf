data "perses_global_roles" "all" {
  name_prefix = "team-"
}
