# <project>/<name>. Perses never gives secret values back: the configuration supplies them, and
# the apply of the import writes them (the plan shows an update).
import {
  to = perses_project_secret.loki
  id = "checkout/loki-credentials"
}
