import {
  to = perses_role.dashboard_editor
  identity = {
    project = "checkout"
    name    = "dashboard-editor"
  }
}
