variable "name" {
  description = "The team's project: lowercase letters, digits, '-' and '_'."
  type        = string
}

variable "members" {
  description = "Perses users of the team (native users, or OIDC/OAuth users who have logged in once)."
  type        = list(string)
}

variable "prometheus_url" {
  description = "The team's Prometheus, as Perses reaches it (Perses proxies the queries)."
  type        = string
}

variable "prometheus_password" {
  description = "Password of the user perses on the team's Prometheus."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "prometheus_password_version" {
  description = "Raise it to send a new prometheus_password (the password is never stored in the state)."
  type        = number
  default     = 1
}
