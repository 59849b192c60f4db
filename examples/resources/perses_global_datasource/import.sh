# A global datasource is imported by its name.
terraform import perses_global_datasource.prometheus prometheus
