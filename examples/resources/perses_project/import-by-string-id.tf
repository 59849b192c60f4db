import {
  to = perses_project.checkout
  id = "checkout"
}
