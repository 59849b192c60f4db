# Every global role binding, with the resource as an import stores it.
list "perses_global_role_binding" "all" {
  provider         = perses
  include_resource = true
}
