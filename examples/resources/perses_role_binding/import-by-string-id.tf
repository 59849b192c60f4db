import {
  to = perses_role_binding.dashboard_editors
  id = "checkout/dashboard-editors"
}
