#!/usr/bin/env bash
# make demo: build the provider, start a local Perses (auth off), and terraform apply the quickstart
# example against it through a dev_overrides CLI configuration. Nothing here needs a registry.
#
# Any failing step stops the demo with a non-zero exit, says which step failed and where its log
# is. Running it again applies the same configuration to the same server: nothing changes (the
# working copy keeps its state; a server restarted with an empty database gets the objects again).
#
# Environment (the defaults are what `make demo` needs; internal/release's test sets them):
#   DEMO_DIR         working folder (default: <repository>/.demo)
#   DEMO_PERSES_URL  use this Perses instead of starting one with `testbed up`
#   DEMO_PORT        the port of the server `testbed up` starts (default 8080; 0 picks a free one)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
testbed="$root/bin/testbed"
work="${DEMO_DIR:-$root/.demo}"
step="starting"
perses_log=""

fail() {
  local status=$?
  echo >&2
  echo "make demo FAILED while $step (exit status $status)." >&2
  [ -n "${log:-}" ] && [ -f "$log" ] && echo "  log of that step: $log" >&2
  [ -n "$perses_log" ] && echo "  Perses server log: $perses_log" >&2
  exit "$status"
}
trap fail ERR

step="building the tools (cached after the first run)"
echo "==> Building tools (cached after the first run)"
terraform="$("$testbed" tools terraform | cut -d= -f2)"
test -x "$terraform"
"$testbed" tools perses >/dev/null
test -x "$root/bin/terraform-provider-perses" || { echo "$root/bin/terraform-provider-perses is missing: run make demo, which builds it" >&2; false; }

mkdir -p "$work"
if [ -n "${DEMO_PERSES_URL:-}" ]; then
  url="$DEMO_PERSES_URL"
  echo "==> Using the Perses server at $url (DEMO_PERSES_URL)"
else
  step="starting a local Perses server (testbed up)"
  echo "==> Starting a local Perses server (auth off)"
  log="$work/testbed-up.log"
  port=()
  # A running server is reused whatever its port (testbed up refuses another -port).
  if [ -n "${DEMO_PORT:-}" ] && ! "$testbed" url >/dev/null 2>&1; then port=(-port "$DEMO_PORT"); fi
  "$testbed" up "${port[@]}" 2>&1 | tee "$log"
  perses_log="$(sed -n 's/^  log: *//p' "$log" | head -1)"
  url="$("$testbed" url)"
fi

step="checking that Perses answers at $url"
log="$work/health.json"
if command -v curl >/dev/null; then
  curl -fsS --max-time 10 "$url/api/v1/health" >"$log" 2>&1 || { cat "$log" >&2; false; }
fi

# The machine's TF_CLI_CONFIG_FILE may point to a missing file: the demo uses its own, whose
# dev_overrides entry makes Terraform use the provider just built instead of a registry download.
cat > "$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/perses/perses" = "$root/bin"
  }
  direct {}
}
RC
# The configuration is refreshed from examples/; the state is kept, so a second run is a no-op.
mkdir -p "$work/quickstart"
rm -f "$work"/quickstart/*.tf
cp "$root"/examples/quickstart/*.tf "$work/quickstart/"
# Only the demo's server: no credentials or settings for another Perses from the environment.
for v in $(compgen -e | grep '^PERSES_' | grep -v '^PERSES_TF_' || true); do unset "$v"; done
export TF_CLI_CONFIG_FILE="$work/terraformrc" PERSES_URL="$url" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
cd "$work/quickstart"

# dev_overrides makes `terraform init` unnecessary (and it would ask a registry): plan/apply directly.
step="running terraform apply on examples/quickstart against $url"
log="$work/apply.log"
echo "==> terraform apply examples/quickstart against $url (working copy: $work/quickstart, log: $log)"
# Streamed without the dev_overrides warning; the log keeps everything.
# (The exit status goes through a file: the pipeline's own status is sed's.)
{ "$terraform" apply -auto-approve -input=false -no-color 2>&1 && echo 0 >"$work/apply.status" || echo $? >"$work/apply.status"; } | tee "$log" |
  sed -u -E '/^Warning: Provider development overrides are in effect/,/releases\.$/d'
status="$(cat "$work/apply.status")"
if [ "$status" -ne 0 ]; then
  if grep -q 'document already exists' "$log"; then
    echo "The server already holds objects of the quickstart that this working copy does not know" >&2
    if [ -n "${DEMO_PERSES_URL:-}" ]; then
      echo "(its state was removed?): delete them from $url, or use an empty server." >&2
    else
      echo "(its state was removed?): run make perses-down, then make demo again." >&2
    fi
  fi
  (exit "$status")
fi

step="reading what Terraform manages"
echo "==> What Terraform manages now"
"$terraform" state list
echo
"$terraform" output
echo

if command -v curl >/dev/null; then
  step="reading what the Perses server holds"
  echo "==> What the Perses server holds (GET /api/v1/globaldatasources, /api/v1/projects/checkout/datasources)"
  for p in globaldatasources projects/checkout/datasources; do
    log="$work/server-$(echo "$p" | tr / -).json"
    curl -fsS --max-time 10 "$url/api/v1/$p" >"$log" 2>&1 || { cat "$log" >&2; false; }
    printf '  %-32s %s\n' "$p:" "$(grep -o '"name":"[^"]*"' "$log" | grep -v '"name":"Prometheus' | tr '\n' ' ' || true)"
  done
  echo
fi
trap - ERR
echo "Perses is running at $url (auth off)."
echo "  Look:   curl -s $url/api/v1/globaldatasources | head -c 600"
echo "  Again:  cd $work/quickstart && TF_CLI_CONFIG_FILE=$work/terraformrc PERSES_URL=$url $terraform plan"
[ -z "${DEMO_PERSES_URL:-}" ] && echo "  Stop:   make perses-down"
exit 0
