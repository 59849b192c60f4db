# Every project.
list "perses_project" "all" {
  provider = perses
  limit    = 1000
}

# The projects whose name starts with "check", with their display name and description.
list "perses_project" "check" {
  provider         = perses
  include_resource = true

  config {
    name_prefix = "check"
  }
}
