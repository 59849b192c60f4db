resource "perses_project" "checkout" {
  name         = "checkout"
  display_name = "Checkout team"
}

# In a configuration that does not manage the project: fail at plan time if it is missing.
data "perses_project" "checkout" {
  name = perses_project.checkout.name
}

output "checkout_display_name" {
  value = data.perses_project.checkout.display_name
}
