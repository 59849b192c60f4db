# perses_project too.
#
# error: Empty Value
# at: perses_project.test display_name
# | display_name is empty: the provider does not send empty values to Perses, so it would read back as unset.
# |
# | Remove display_name, or give it a value.

resource "perses_project" "test" {
  name         = "checkout"
  display_name = ""
}
