data "perses_projects" "all" {}

output "project_names" {
  value = data.perses_projects.all.projects[*].name
}
