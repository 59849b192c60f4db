package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// A real Perses older than the supported range: the plan of a datasource, a project and a secret
// fails with one error naming the version and the range, and nothing else (no 404, no "Secret Not
// Found", no advice to check the url); a data source gets the same error.
func TestAccUnsupportedPersesVersionFailsAtPlan(t *testing.T) {
	s := accServer(t, testbed.ServerOptions{Version: testbed.UnsupportedPersesVersion})
	want := regexp.MustCompile(`(?s)^.*Perses Version Not Supported.*runs Perses 0\.51\.0.*supports Perses 0\.52\.0 and\s+later`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{
				Config: providerConfig(s) + `
resource "perses_project" "team" { name = "` + accName("team") + `" }
resource "perses_global_secret" "creds" {
  name       = "` + accName("creds") + `"
  basic_auth = { username = "u", password = "p" }
}
resource "perses_global_datasource" "prom" {
  name       = "` + accName("prom") + `"
  prometheus = { proxy = { url = "http://127.0.0.1:9090", secret = perses_global_secret.creds.name } }
}
`,
				PlanOnly:    true,
				ExpectError: want,
			},
			{
				Config:      providerConfig(s) + `data "perses_projects" "all" {}`,
				ExpectError: want,
			},
		},
	})
}
