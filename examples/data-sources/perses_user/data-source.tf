# Any user: a native one, or one an OIDC or OAuth provider created at its first login.
data "perses_user" "admin" {
  name = "admin"
}

output "admin_first_name" {
  value = data.perses_user.admin.first_name
}
