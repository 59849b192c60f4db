import {
  to = perses_user.bob
  id = "bob"
}
