import {
  to = perses_global_role.datasource_admin
  id = "datasource-admin"
}
