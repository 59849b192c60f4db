package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/spec/go/datasource"
	"github.com/perses/spec/go/plugin"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/references"
	"github.com/perses/terraform-provider-perses/internal/references/referencestest"
	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// Real dashboards, created through the API with the test bed's TimeSeriesChart panel,
// PrometheusTimeSeriesQuery query and PrometheusLabelValuesVariable variable plugins, use the
// datasources that Terraform then tries to destroy.

// createDashboard stores a dashboard made of parts (see referencestest.PanelWith, JobVariable).
func createDashboard(t *testing.T, c *client.Client, project, name string, parts ...string) {
	t.Helper()
	d := referencestest.Dashboard(t, project, name, parts...)
	if _, err := c.CreateDashboard(context.Background(), d); err != nil {
		t.Fatalf("creating dashboard %s/%s: %v", project, name, err)
	}
}

// namesPrometheus is a selector naming a Prometheus datasource.
func namesPrometheus(name string) string {
	return fmt.Sprintf(`"datasource": {"kind": "PrometheusDatasource", "name": %q},`, name)
}

// createPrometheusDatasource stores a project Prometheus datasource through the API.
func createPrometheusDatasource(t *testing.T, c *client.Client, project, name string, isDefault bool) {
	t.Helper()
	ds := &v1.Datasource{Metadata: *v1.NewProjectMetadata(project, name), Spec: datasource.Spec{Default: isDefault,
		Plugin: plugin.Plugin{Kind: "PrometheusDatasource", Spec: map[string]any{"directUrl": "https://prometheus.example.com"}}}}
	if _, err := c.CreateDatasource(context.Background(), ds); err != nil {
		t.Fatalf("creating datasource %s/%s: %v", project, name, err)
	}
}

// usedError matches the refusal of Delete, listing exactly these dashboards.
func usedError(what string, dashboards ...string) *regexp.Regexp {
	list := ""
	for _, d := range dashboards {
		list += "  - " + d + "\n"
	}
	detail := fmt.Sprintf("%s is used by %s, which would fail to load their data once it is deleted:\n%s\n"+
		"Point these dashboards at another datasource first (or delete them). To delete it anyway, set force_destroy = true "+
		"on this resource and apply, then destroy it.", what, references.Count(len(dashboards)), list)
	return regexp.MustCompile(`(?s)Error: Datasource Used by Dashboards.*` + flexibleSpaces(detail))
}

func globalPrometheus(name string, forceDestroy bool) string {
	return fmt.Sprintf(`
resource "perses_global_datasource" "prometheus" {
  name          = %q
  default       = true
  force_destroy = %t
  prometheus    = { direct_url = "https://prometheus.example.com" }
}
`, name, forceDestroy)
}

// TestAccSafeDeleteRefusesGlobalDatasourceUsedByDashboards: a global default Prometheus datasource
// is used by a panel query naming it (project a) and by a variable giving only its kind (project
// b). A project whose own datasource of that name hides it (c), a project with its own default
// (d) and a query naming another datasource do not count. The destroy fails listing exactly the
// two users; with force_destroy = true applied (without writing to Perses), it succeeds.
func TestAccSafeDeleteRefusesGlobalDatasourceUsedByDashboards(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	name := accName("shared")
	a, b, cc, d := accName("safe-a"), accName("safe-b"), accName("safe-c"), accName("safe-d")
	for _, p := range []string{a, b, cc, d} {
		createProject(t, s, p)
	}
	createPrometheusDatasource(t, c, cc, name, false)
	createPrometheusDatasource(t, c, d, "own-default", true)
	address := "perses_global_datasource.prometheus"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		CheckDestroy:             checkDatasourceDestroyed(c, globalScope),
		Steps: []resource.TestStep{
			{Config: providerConfig(s) + globalPrometheus(name, false)},
			{
				PreConfig: func() {
					createDashboard(t, c, a, "overview", referencestest.PanelWith("cpu", namesPrometheus(name)))
					createDashboard(t, c, a, "other", referencestest.PanelWith("cpu", namesPrometheus("another")))
					createDashboard(t, c, b, "jobs", referencestest.JobVariable(referencestest.ByKindOnly))
					createDashboard(t, c, cc, "shadowed", referencestest.PanelWith("cpu", namesPrometheus(name)))
					createDashboard(t, c, d, "own-default", referencestest.JobVariable(referencestest.ByKindOnly))
				},
				Config:  providerConfig(s) + globalPrometheus(name, false),
				Destroy: true,
				ExpectError: usedError(fmt.Sprintf("global datasource %q", name),
					a+`/overview (panel "cpu" query 1)`, b+`/jobs (variable "job")`),
			},
			{
				Config: providerConfig(s) + globalPrometheus(name, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				}},
			},
		},
	})
}

// TestAccSafeDeleteRechecksProjectDatasourceAtDelete: a project datasource used by a dashboard of
// its project cannot be destroyed; once the dashboard is deleted (outside Terraform), the same
// destroy succeeds, since Delete reads the dashboards again.
func TestAccSafeDeleteRechecksProjectDatasourceAtDelete(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	project, name := accName("safe"), accName("prometheus")
	createProject(t, s, project)
	config := providerConfig(s) + fmt.Sprintf(`
resource "perses_project_datasource" "prometheus" {
  project    = %q
  name       = %q
  prometheus = { direct_url = "https://prometheus.example.com" }
}
`, project, name)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		CheckDestroy:             checkDatasourceDestroyed(c, projectScope),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					createDashboard(t, c, project, "overview", referencestest.PanelWith("cpu", namesPrometheus(name)))
				},
				Config:      config,
				Destroy:     true,
				ExpectError: usedError(fmt.Sprintf("project datasource %q", project+"/"+name), project+`/overview (panel "cpu" query 1)`),
			},
			{
				PreConfig: func() {
					if err := c.DeleteDashboard(context.Background(), project, "overview"); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
			},
		},
	})
}

// TestAccSafeDeleteRefusesWhenListsAreBroken: on a server whose lists answer [] (the upstream
// file-database bug, reproduced by the test bed), an empty dashboard list proves nothing: the
// destroy fails saying so, since the datasource's own scope does not list it, and force_destroy
// lets it through.
func TestAccSafeDeleteRefusesWhenListsAreBroken(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc does)")
	}
	s := testbed.StartTestServer(t, testbed.ServerOptions{BrokenLists: true})
	c := accClient(t, s)
	name := accName("unlisted")
	what := fmt.Sprintf("global datasource %q", name)
	detail := fmt.Sprintf("The Perses server lists no dashboard, but its lists cannot be trusted: the list of its scope leaves out %[1]s, "+
		"which the server does hold. Perses v0.54.0's file database answers every list with [] when its folder path has a capital letter, "+
		"so the provider cannot tell which dashboards use %[1]s.\n\nMove the Perses database folder to an all-lowercase path; or, to delete "+
		"the datasource without the check, set force_destroy = true on this resource and apply, then destroy it.", what)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		CheckDestroy:             checkDatasourceDestroyed(c, globalScope),
		Steps: []resource.TestStep{
			{Config: providerConfig(s) + globalPrometheus(name, false)},
			{
				Config:      providerConfig(s) + globalPrometheus(name, false),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Error: Cannot Check Which Dashboards Use the Datasource.*` + flexibleSpaces(detail)),
			},
			{Config: providerConfig(s) + globalPrometheus(name, true)},
		},
	})
}
