# Perses never gives secret values back: the configuration supplies them, and the apply of the
# import writes them (the plan shows an update).
import {
  to = perses_global_secret.prometheus
  id = "prometheus-credentials"
}
