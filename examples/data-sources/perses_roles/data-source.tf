resource "perses_project" "checkout" {
  name = "checkout"
}

data "perses_roles" "checkout" {
  project = perses_project.checkout.name
}

output "checkout_roles" {
  value = [for r in data.perses_roles.checkout.roles : r.name]
}
