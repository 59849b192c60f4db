# The roles of project checkout (Perses creates owner, editor and viewer with each project).
list "perses_role" "checkout" {
  provider = perses

  config {
    project = "checkout"
  }
}

# Without project: the roles of every project, in one request.
list "perses_role" "all" {
  provider = perses
  limit    = 1000
}
