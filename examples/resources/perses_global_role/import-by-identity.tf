import {
  to = perses_global_role.datasource_admin
  identity = {
    name = "datasource-admin"
  }
}
