# The role bindings of project checkout; each result's display name says the role and the users.
list "perses_role_binding" "checkout" {
  provider = perses

  config {
    project = "checkout"
  }
}

# Without project: the role bindings of every project, in one request.
list "perses_role_binding" "all" {
  provider = perses
  limit    = 1000
}
