# A name longer than 75 characters.
#
# error: Invalid Name
# at: perses_global_datasource.test name
# | name is "prometheus-for-the-production-kubernetes-cluster-in-europe-west-1-and-europe-west-2", which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-".
# |
# | Write "prometheus-for-the-production-kubernetes-cluster-in-europe-west-1-and-europ".

resource "perses_global_datasource" "test" {
  name       = "prometheus-for-the-production-kubernetes-cluster-in-europe-west-1-and-europe-west-2"
  prometheus = { direct_url = "https://prometheus.example.com" }
}
