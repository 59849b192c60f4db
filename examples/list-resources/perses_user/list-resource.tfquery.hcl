# Every native user (those of OIDC and OAuth providers are not managed by perses_user).
list "perses_user" "all" {
  provider = perses
  limit    = 1000
}

# The users whose name starts with "bo", with their first and last names (never a password).
list "perses_user" "bo" {
  provider         = perses
  include_resource = true

  config {
    name_prefix = "bo"
  }
}
