# Server with authentication off (the Perses default): only the URL.
provider "perses" {
  url = "https://perses.example.com"
}

# Native login: the provider logs in and renews its token by itself.
provider "perses" {
  alias    = "native"
  url      = "https://perses.example.com"
  username = "terraform"
  password = var.perses_password
}

# Everything from the environment (Terraform Cloud / OpenTofu workspaces):
#   PERSES_URL, PERSES_TOKEN or PERSES_USERNAME + PERSES_PASSWORD, PERSES_CA_CERT_PEM, ...
provider "perses" {
  alias = "from_env"
}

variable "perses_password" {
  type      = string
  sensitive = true
}
