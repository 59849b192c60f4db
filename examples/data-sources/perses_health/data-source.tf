data "perses_health" "server" {}

output "perses_version" {
  value = data.perses_health.server.version
}
