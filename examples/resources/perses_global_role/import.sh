# <name>
terraform import perses_global_role.datasource_admin datasource-admin
