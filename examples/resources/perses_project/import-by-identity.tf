# The name as the server stores it (lowercased by a server that is not case-sensitive), as
# terraform query lists it.
import {
  to = perses_project.checkout
  identity = {
    name = "checkout"
  }
}
