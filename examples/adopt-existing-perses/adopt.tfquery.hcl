# What terraform query lists: every object of the server, one list block per resource type.
# A list block returns at most `limit` results (100 when omitted).

list "perses_project" "all" {
  provider = perses
  limit    = 1000
}

list "perses_global_datasource" "all" {
  provider = perses
  limit    = 1000
}

# Without project: the datasources of every project, in one request.
list "perses_project_datasource" "all" {
  provider = perses
  limit    = 1000
}

list "perses_global_secret" "all" {
  provider = perses
  limit    = 1000
}

list "perses_project_secret" "all" {
  provider = perses
  limit    = 1000
}
