# The secrets of project checkout. Perses never gives secret values back: with
# include_resource (or terraform query -generate-config-out), the listed secrets have none, and
# a warning names the values the configuration must supply.
list "perses_project_secret" "checkout" {
  provider = perses

  config {
    project = "checkout"
  }
}

# Without project: the secrets of every project, in one request.
list "perses_project_secret" "all" {
  provider = perses
  limit    = 1000
}
