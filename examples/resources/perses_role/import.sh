# <project>/<name>. The roles owner, editor and viewer that Perses creates with a project import the same way.
terraform import perses_role.dashboard_editor checkout/dashboard-editor
