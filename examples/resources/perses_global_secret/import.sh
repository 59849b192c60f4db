# Perses never gives secret values back: after the import, the next apply writes the values of
# the configuration (the plan shows them as changes).
terraform import perses_global_secret.prometheus prometheus-credentials
