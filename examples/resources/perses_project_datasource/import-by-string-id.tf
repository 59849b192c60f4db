# A project datasource is imported as <project>/<name>.
import {
  to = perses_project_datasource.prometheus
  id = "checkout/prometheus"
}
