data "perses_users" "all" {}

output "user_names" {
  value = data.perses_users.all.names
}
