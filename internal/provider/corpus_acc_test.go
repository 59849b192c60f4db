package provider

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccValidationCorpus runs every corpus configuration through the real CLI (Terraform or
// OpenTofu, whichever make testacc gives), with the provider pointed at a port nothing listens on:
//
//   - `validate -json` must report exactly the expected diagnostics, warnings included
//     (severity, summary, detail and resource address; TestValidationCorpus checks the attribute);
//   - for a configuration with errors, `plan` must fail with them too, before it needs the server.
//
// Online entries (testdata/invalid-online) need a real server and run elsewhere.
func TestAccValidationCorpus(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc does)")
	}
	cli := newCLIValidator(t)
	for _, entry := range loadCorpus(t, "testdata/invalid") {
		t.Run(entry.name, func(t *testing.T) {
			checkCorpusDiagnostics(t, cli.validate(t, entry.config), entry.want, false)
			if len(entry.errors()) == 0 {
				return
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: accProviders,
				Steps: []resource.TestStep{{
					Config:      offlineProviderConfig + entry.config,
					PlanOnly:    true,
					ExpectError: entry.expectErrorRegexp(),
				}},
			})
		})
	}
}
