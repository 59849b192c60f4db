# The name as the server stores it (lowercased by a server that is not case-sensitive), as
# terraform query lists it.
import {
  to = perses_global_datasource.prometheus
  identity = {
    name = "prometheus"
  }
}
