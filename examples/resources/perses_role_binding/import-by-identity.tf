import {
  to = perses_role_binding.dashboard_editors
  identity = {
    project = "checkout"
    name    = "dashboard-editors"
  }
}
