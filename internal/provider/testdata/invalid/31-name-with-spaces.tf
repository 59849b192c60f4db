# A display name in the name attribute.
#
# error: Invalid Name
# at: perses_global_datasource.test name
# | name is "Main Prometheus", which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-".
# |
# | Write "Main-Prometheus".

resource "perses_global_datasource" "test" {
  name       = "Main Prometheus"
  prometheus = { direct_url = "https://prometheus.example.com" }
}
