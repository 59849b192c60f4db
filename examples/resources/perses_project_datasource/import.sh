# A project datasource is imported as <project>/<name>.
terraform import perses_project_datasource.prometheus checkout/prometheus
