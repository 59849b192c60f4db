#!/usr/bin/env bash
# make demo: build the provider, start a local Perses (auth off), and terraform apply the quickstart
# example against it through a dev_overrides CLI configuration. Nothing here needs a registry.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
testbed="$root/bin/testbed"
work="$root/.demo"

echo "==> Building tools (cached after the first run)"
terraform="$("$testbed" tools terraform | cut -d= -f2)"
"$testbed" tools perses >/dev/null

echo "==> Starting a local Perses server (auth off)"
"$testbed" up
url="$("$testbed" url)"

# The machine's TF_CLI_CONFIG_FILE may point to a missing file: the demo uses its own, whose
# dev_overrides entry makes Terraform use the provider just built instead of a registry download.
mkdir -p "$work"
cat > "$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/perses/perses" = "$root/bin"
  }
  direct {}
}
RC
rm -rf "$work/quickstart" && cp -r "$root/examples/quickstart" "$work/quickstart"
export TF_CLI_CONFIG_FILE="$work/terraformrc" PERSES_URL="$url" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

# dev_overrides makes `terraform init` unnecessary (and it would ask a registry): plan/apply directly.
echo "==> terraform apply examples/quickstart against $url (working copy: $work/quickstart)"
cd "$work/quickstart"
"$terraform" apply -auto-approve -input=false -no-color 2>&1 | grep -v -E '^(│|╷|╵)|Provider development overrides|dev_overrides|^$|mismatched|The behavior may therefore' || true
test -f terraform.tfstate || { echo "terraform apply did not produce a state"; exit 1; }

echo "==> What Terraform manages now"
"$terraform" state list
echo
"$terraform" output
echo
echo "==> What the Perses server holds (GET /api/v1/globaldatasources, /api/v1/projects/checkout/datasources)"
if command -v curl >/dev/null; then
  for p in globaldatasources projects/checkout/datasources; do
    printf '  %-32s %s\n' "$p:" "$(curl -s "$url/api/v1/$p" | grep -o '"name":"[^"]*"' | grep -v '"name":"Prometheus' | tr '\n' ' ')"
  done
fi
echo
echo "Perses is running at $url (auth off)."
echo "  Look:   curl -s $url/api/v1/globaldatasources | head -c 600"
echo "  Again:  cd $work/quickstart && TF_CLI_CONFIG_FILE=$work/terraformrc PERSES_URL=$url $terraform plan"
echo "  Stop:   make perses-down"
