# The value of every secret to adopt, by the secret's ID: <name> for a global secret,
# <project>/<name> for a project secret. Perses never gives a secret value back, so they come
# from you: from your secret store, never from a file in the repository.
variable "secret_values" {
  type      = map(string)
  sensitive = true
  ephemeral = true # Terraform 1.10+, OpenTofu 1.11+: not kept in saved plans either
}
