# <name>
terraform import perses_global_role_binding.datasource_admins datasource-admins
