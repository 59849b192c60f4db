terraform {
  required_providers {
    perses = { source = "perses/perses" }
  }
}

# The server's url comes from PERSES_URL (and the credentials, when its auth is on, from
# PERSES_TOKEN or PERSES_USERNAME and PERSES_PASSWORD), so that the same files work against
# every Perses.
provider "perses" {}
