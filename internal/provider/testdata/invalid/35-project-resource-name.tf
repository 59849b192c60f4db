# perses_project follows the same name rule.
#
# error: Invalid Name
# at: perses_project.test name
# | name is "Checkout Team", which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-".
# |
# | Write "Checkout-Team".

resource "perses_project" "test" {
  name = "Checkout Team"
}
