# A global datasource is imported by its name.
import {
  to = perses_global_datasource.prometheus
  id = "prometheus"
}
