# Writes an import block for every object in the JSON lists of `percli get` next to this file.
# It needs no provider: `terraform apply` here only computes the output.
locals {
  ids = {
    perses_project            = [for o in jsondecode(file("projects.json")) : o.metadata.name]
    perses_global_datasource  = [for o in jsondecode(file("global-datasources.json")) : o.metadata.name]
    perses_project_datasource = [for o in jsondecode(file("project-datasources.json")) : "${o.metadata.project}/${o.metadata.name}"]
    perses_global_secret      = [for o in jsondecode(file("global-secrets.json")) : o.metadata.name]
    perses_project_secret     = [for o in jsondecode(file("project-secrets.json")) : "${o.metadata.project}/${o.metadata.name}"]
  }
}

output "import_blocks" {
  # A resource name from the ID: letters, digits, _ and - only, not starting with a digit.
  value = join("", flatten([for type, ids in local.ids : [for id in ids : <<-EOT
    import {
      to = ${type}.${replace(replace(id, "/[^a-zA-Z0-9_-]/", "_"), "/^([0-9-])/", "_$1")}
      id = "${id}"
    }
    EOT
  ]]))
}
