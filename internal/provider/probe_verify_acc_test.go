package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// verifiedPrometheus is a global Prometheus datasource with verify, and its secret.
func verifiedPrometheus(s *testbed.Server, prom *testbed.Prometheus, name, password string, verify bool, proxyExtra string) string {
	return providerConfig(s) + fmt.Sprintf(`
resource "perses_global_secret" "prometheus" {
  name       = %[1]q
  basic_auth = { username = %[2]q, password = %[3]q }
}

resource "perses_global_datasource" "prometheus" {
  name   = %[1]q
  verify = %[5]t
  prometheus = {
    proxy = {
      url    = %[4]q
      secret = perses_global_secret.prometheus.name
      %[6]s
    }
  }
}
`, name, backendUser, password, prom.URL, verify, proxyExtra)
}

// verifyError matches the CLI's output for a failed verification: the summary, then (after the
// CLI's source excerpt) the detail.
func verifyError(detail string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)Error: Datasource Verification Failed.*` + flexibleSpaces(detail))
}

// TestAccProbeVerifyFailsTheApplyAndKeepsTheState: with verify = true, a create whose probe fails
// (wrong password) fails the apply with the diagnosis, and the state records the datasource: the
// next plan replaces it (tainted) rather than creating it again. An update whose probe fails
// (allowed_endpoints without POST) fails too, and the state records the update: turning verify off
// then changes nothing but verify, without a write to Perses.
func TestAccProbeVerifyFailsTheApplyAndKeepsTheState(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	prom := testbed.StartTestPrometheus(t, testbed.PrometheusOptions{Username: backendUser, Password: backendPassword})
	name := accName("verified")
	address := "perses_global_datasource.prometheus"
	getOnly := `allowed_endpoints = [{ endpoint_pattern = "/api/v1/query", method = "GET" }]`
	var versionBefore int64
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		CheckDestroy:             checkDatasourceDestroyed(c, globalScope),
		Steps: []resource.TestStep{
			{
				Config: verifiedPrometheus(s, prom, name, "wrong-password", true, ""),
				ExpectError: verifyError(fmt.Sprintf(`verify = true: global datasource %[1]q was created in Perses, but the probe through the Perses proxy failed. `+
					`The backend of global datasource %[1]q refused the credentials the Perses proxy sent: POST /api/v1/query answered 401 (Unauthorized). `+
					`Check basic_auth, authorization or oauth in the perses_global_secret %[1]q that prometheus.proxy.secret names: `+
					`the password or token may be wrong, expired, or lack a permission on the backend.`+"\n\n"+
					`Fix the cause and apply again: Terraform marks the datasource tainted, so that apply replaces it and probes again. `+
					`Or set verify = false to keep it without the probe.`, name)),
			},
			{
				Config: verifiedPrometheus(s, prom, name, backendPassword, true, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
			{
				Config: verifiedPrometheus(s, prom, name, backendPassword, true, getOnly),
				ExpectError: verifyError(fmt.Sprintf(`verify = true: global datasource %[1]q was updated in Perses, but the probe through the Perses proxy failed. `+
					`The Perses proxy of global datasource %[1]q refused POST /api/v1/query with 403: no entry of prometheus.proxy.allowed_endpoints allows POST `+
					`for the path /api/v1/query (entries for it allow GET only). Add { endpoint_pattern = "/api/v1/query", method = "POST" } to `+
					`prometheus.proxy.allowed_endpoints.`+"\n\n"+`Fix the cause and apply again; or set verify = false to apply without the probe.`, name)),
			},
			{
				PreConfig: func() {
					ds, err := c.GetDatasource(context.Background(), "", name)
					if err != nil {
						t.Fatal(err)
					}
					versionBefore = int64(ds.Metadata.Version)
				},
				Config: verifiedPrometheus(s, prom, name, backendPassword, false, getOnly),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
					// Known: the state already holds what Perses holds, only verify changes.
					plancheck.ExpectKnownValue(address, tfjsonpath.New("version"), knownvalue.NotNull()),
					plancheck.ExpectKnownValue(address, tfjsonpath.New("verify"), knownvalue.Bool(false)),
				}},
				Check: func(*terraform.State) error {
					ds, err := c.GetDatasource(context.Background(), "", name)
					if err != nil {
						return err
					}
					if int64(ds.Metadata.Version) != versionBefore {
						return fmt.Errorf("turning verify off wrote to Perses: version %d, was %d", ds.Metadata.Version, versionBefore)
					}
					return nil
				},
			},
		},
	})
}
