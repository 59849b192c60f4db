import {
  to = perses_global_role_binding.datasource_admins
  id = "datasource-admins"
}
