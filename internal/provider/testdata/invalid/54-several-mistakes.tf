# Several mistakes in two datasources, all reported at once: the example of the guide
# "Validate datasources in CI" (templates/guides/validate-in-ci.md.tmpl), which shows this file and
# its output; TestValidateInCIGuideShowsTheCorpus keeps them equal.
#
# warning: Prometheus Queries Need POST
# at: perses_global_datasource.prometheus prometheus.proxy.allowed_endpoints[0].method
# | prometheus.proxy.allowed_endpoints[0].method is "GET" for a pattern that matches /api/v1/query and /api/v1/query_range, but Perses sends these requests to Prometheus with POST, and no entry allows POST for them: the proxy would answer 403 to the queries of every panel.
# |
# | Write method = "POST".
# error: Credentials In Proxy Headers
# at: perses_global_datasource.prometheus prometheus.proxy.headers["Authorization"]
# | prometheus.proxy.headers sets the header "Authorization": Perses does not let a datasource's headers carry credentials, and they would be stored in clear in Perses and in the Terraform state.
# |
# | Put the credential in a perses_global_secret or perses_project_secret (basic_auth, authorization or oauth), set proxy.secret to its name, and remove this header.
# error: Invalid Duration
# at: perses_global_datasource.prometheus prometheus.scrape_interval
# | prometheus.scrape_interval is "15", which is not a duration Perses accepts.
# |
# | Write "15s".
# error: Invalid Name
# at: perses_global_datasource.prometheus name
# | name is "Main Prometheus", which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-".
# |
# | Write "Main-Prometheus".
# error: Invalid Plugin Spec JSON
# at: perses_global_datasource.jaeger plugin.spec_json
# | plugin.spec_json is a JSON array, but Perses needs the plugin spec as a JSON object.
# |
# | Write the spec's fields in an object, e.g. spec_json = jsonencode({ directUrl = "https://jaeger.example.com" }).

resource "perses_global_datasource" "prometheus" {
  name = "Main Prometheus"
  prometheus = {
    proxy = {
      url = "http://prometheus.monitoring.svc:9090"
      allowed_endpoints = [
        { endpoint_pattern = "/api/v1/query", method = "GET" },
      ]
      headers = { Authorization = "Bearer abc" }
    }
    scrape_interval = "15"
  }
}

resource "perses_global_datasource" "jaeger" {
  name = "jaeger"
  plugin = {
    kind      = "JaegerDatasource"
    spec_json = jsonencode(["https://jaeger.example.com"])
  }
}
