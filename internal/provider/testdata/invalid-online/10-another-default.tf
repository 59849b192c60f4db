# "current-default" (created outside this configuration) is the default Pyroscope datasource of
# project corpus.
#
# error: Another Datasource Is the Default
# at: perses_project_datasource.test default
# | The project datasource "corpus/current-default" is the default PyroscopeDatasource of its scope on the Perses server, and Perses allows one default per plugin kind per scope, so project datasource "corpus/pyroscope" cannot become the default.
# |
# | Set default = false on "current-default" in the configuration that manages it (it can be in this same apply: the provider then moves the flag), or in Perses; or keep default = false here.

resource "perses_project_datasource" "test" {
  project   = "corpus"
  name      = "pyroscope"
  default   = true
  pyroscope = { direct_url = "https://pyroscope.example.com" }
}
