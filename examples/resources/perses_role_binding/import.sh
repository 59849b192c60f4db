# <project>/<name>
terraform import perses_role_binding.dashboard_editors checkout/dashboard-editors
