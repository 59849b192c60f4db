resource "perses_project" "checkout" {
  name         = "checkout"
  display_name = "Checkout team"
  description  = "Dashboards and datasources of the checkout service"
}
