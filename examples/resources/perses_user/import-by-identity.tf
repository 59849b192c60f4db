import {
  to = perses_user.bob
  identity = {
    name = "bob"
  }
}
