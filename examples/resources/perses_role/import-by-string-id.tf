import {
  to = perses_role.dashboard_editor
  id = "checkout/dashboard-editor"
}
