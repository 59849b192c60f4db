package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// TestAccReplicasBehindRoundRobin: two Perses processes on one MariaDB database behind a
// round-robin balancer, as a production install with replicas behind a load balancer. A plan and
// apply of mixed objects (project, secrets, global and project datasources with defaults) through
// the balancer ends with an empty plan, both replicas answered, and the default-flag rules still
// hold whichever replica answers: a second default in the configuration, and one another replica
// holds, both fail at plan.
func TestAccReplicasBehindRoundRobin(t *testing.T) {
	first := accServer(t, testbed.ServerOptions{Database: testbed.DatabaseMariaDB})
	second := testbed.StartTestServer(t, testbed.ServerOptions{ShareDatabaseWith: first})
	rr := testbed.StartTestRoundRobin(t, first, second)
	project, prom, loki := accName("replicas"), accName("prom"), accName("loki")
	provider := requiredProviders + fmt.Sprintf("provider \"perses\" {\n  url = %q\n}\n", rr.URL)
	objects := func(secondDefault bool, extra string) string {
		return provider + fmt.Sprintf(`
resource "perses_project" "team" {
  name = %[1]q
}
resource "perses_global_secret" "prom" {
  name       = "%[2]s-auth"
  basic_auth = { username = "perses", password = "replica-test-password" }
}
resource "perses_project_secret" "loki" {
  project    = perses_project.team.name
  name       = "%[3]s-auth"
  basic_auth = { username = "perses", password = "replica-test-password" }
}
resource "perses_global_datasource" "prom" {
  name       = %[2]q
  default    = true
  prometheus = { proxy = { url = "http://127.0.0.1:9090", secret = perses_global_secret.prom.name } }
}
resource "perses_global_datasource" "prom_b" {
  name       = "%[2]s-b"
  default    = %[4]t
  prometheus = { direct_url = "http://127.0.0.1:9091" }
}
resource "perses_project_datasource" "loki" {
  project = perses_project.team.name
  name    = %[3]q
  default = true
  loki    = { proxy = { url = "http://127.0.0.1:3100", secret = perses_project_secret.loki.name } }
}
resource "perses_project_datasource" "prom" {
  project    = perses_project.team.name
  name       = %[2]q
  default    = true
  prometheus = { direct_url = "http://127.0.0.1:9092" }
}
`, project, prom, loki, secondDefault) + extra
	}
	tempo := fmt.Sprintf(`
resource "perses_project_datasource" "tempo" {
  project = perses_project.team.name
  name    = "%s-tempo"
  default = true
  tempo   = { direct_url = "http://127.0.0.1:3200" }
}
`, prom)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{Config: objects(false, "")},
			{Config: objects(false, ""), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				Config: objects(true, ""), PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)Two Default Datasources.*"` + regexp.QuoteMeta(prom) + `"\s+and\s+"` + regexp.QuoteMeta(prom) + `-b"`),
			},
			{
				PreConfig: func() { createUnmanagedDefault(t, second, project, prom+"-unmanaged") },
				Config:    objects(false, tempo), PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)Another Datasource Is the Default.*"` + regexp.QuoteMeta(project+"/"+prom) + `-unmanaged"\s+is\s+the\s+default\s+TempoDatasource`),
			},
			{Config: objects(false, "")},
		},
	})
	for i := range 2 {
		if rr.Served(i) == 0 {
			t.Errorf("replica %d got no request through the balancer", i+1)
		}
	}
	t.Logf("requests through the balancer: %d to the first replica, %d to the second", rr.Served(0), rr.Served(1))
}

// createUnmanagedDefault makes a default Tempo datasource in project through one replica, as
// another tool would.
func createUnmanagedDefault(t *testing.T, s *testbed.Server, project, name string) {
	t.Helper()
	ds := &v1.Datasource{Kind: v1.KindDatasource, Metadata: v1.ProjectMetadata{Metadata: v1.Metadata{Name: name}}}
	ds.Metadata.Project = project
	ds.Spec.Default = true
	ds.Spec.Plugin.Kind = "TempoDatasource"
	ds.Spec.Plugin.Spec = map[string]any{"directUrl": "http://127.0.0.1:3201"}
	if _, err := accClient(t, s).CreateDatasource(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
}
