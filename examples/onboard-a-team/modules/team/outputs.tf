output "project" {
  description = "The team's project."
  value       = perses_project.team.name
}

output "datasource" {
  description = "The team's default Prometheus datasource, in its project."
  value       = perses_project_datasource.prometheus.name
}
