# Every global secret. Perses never gives secret values back: with include_resource (or
# terraform query -generate-config-out), the listed secrets have none, and a warning names
# the values the configuration must supply.
list "perses_global_secret" "all" {
  provider = perses
  limit    = 1000
}
