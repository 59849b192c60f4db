package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// twoTempo renders two global Tempo datasources with the given default flags.
func twoTempo(a, b string, aDefault, bDefault bool) string {
	return fmt.Sprintf(`
resource "perses_global_datasource" "a" {
  name    = %q
  default = %v
  tempo   = { direct_url = "https://tempo-a.example.com" }
}
resource "perses_global_datasource" "b" {
  name    = %q
  default = %v
  tempo   = { direct_url = "https://tempo-b.example.com" }
}
`, a, aDefault, b, bDefault)
}

// twoDefaultsErrorOf matches the error that names datasources a and b (in sorted order) as both
// planned to be the default, followed by more.
func twoDefaultsErrorOf(a, b, more string) *regexp.Regexp {
	if b < a {
		a, b = b, a
	}
	return regexp.MustCompile(`(?s)Two Default Datasources.*"` + a + `"\s+and\s+"` + b + `"\s+are\s+all\s+planned\s+with\s+default\s+=\s+true` + more)
}

// TestAccDatasourceDefaultMovesInOneApply: A is the default, then one apply makes B the default
// and A not; Perses refuses B while A is still the default, whichever is written first.
func TestAccDatasourceDefaultMovesInOneApply(t *testing.T) {
	s := accServerAuthOff(t)
	a, b := accName("a"), accName("b")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{Config: providerConfig(s) + twoTempo(a, b, true, false)},
			{
				Config: providerConfig(s) + twoTempo(a, b, false, true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("perses_global_datasource.a", tfjsonpath.New("default"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("perses_global_datasource.b", tfjsonpath.New("default"), knownvalue.Bool(true)),
				},
			},
			{Config: providerConfig(s) + twoTempo(a, b, true, false)},
		},
	})
}

// TestAccDatasourceTwoDefaultsInOneConfigurationFailAtPlan: the provider sees every datasource it
// plans in a run, and refuses two defaults of one kind in one scope before any write.
func TestAccDatasourceTwoDefaultsInOneConfigurationFailAtPlan(t *testing.T) {
	s := accServerAuthOff(t)
	a, b := accName("a"), accName("b")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config:      providerConfig(s) + twoTempo(a, b, true, true),
			PlanOnly:    true,
			ExpectError: twoDefaultsErrorOf(a, b, `\s+for\s+TempoDatasource\s+in\s+the\s+global\s+scope`),
		}},
	})
}

// TestAccDatasourceSecondDefaultBesideUnchangedOneFailsAtPlan: A is the default and its plan
// changes nothing (so it needs no online check), B becomes a default too: the error names both,
// in whichever order Terraform plans them.
func TestAccDatasourceSecondDefaultBesideUnchangedOneFailsAtPlan(t *testing.T) {
	s := accServerAuthOff(t)
	a, b := accName("a"), accName("b")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{Config: providerConfig(s) + twoTempo(a, b, true, false)},
			{
				Config:      providerConfig(s) + twoTempo(a, b, true, true),
				PlanOnly:    true,
				ExpectError: twoDefaultsErrorOf(a, b, ""),
			},
		},
	})
}

// TestAccDatasourceBecomingDefaultWhileAnotherIsFailsAtPlan: the current default is not managed
// by this configuration; the plan names it and says how to fix it.
func TestAccDatasourceBecomingDefaultWhileAnotherIsFailsAtPlan(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	project := accName("unmanaged")
	createProject(t, s, project)
	current, name := accName("current"), accName("new")
	// The current default is managed elsewhere (here: created through the API).
	ds := &v1.Datasource{Kind: v1.KindDatasource, Metadata: v1.ProjectMetadata{Metadata: v1.Metadata{Name: current}}}
	ds.Metadata.Project = project
	ds.Spec.Default = true
	ds.Spec.Plugin.Kind = "PyroscopeDatasource"
	ds.Spec.Plugin.Spec = map[string]any{"directUrl": "https://pyroscope.example.com"}
	if _, err := c.CreateDatasource(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(s) + fmt.Sprintf(`
resource "perses_project_datasource" "new" {
  project   = %q
  name      = %q
  default   = true
  pyroscope = { direct_url = "https://pyroscope-2.example.com" }
}
`, project, name),
			PlanOnly: true,
			ExpectError: regexp.MustCompile(`(?s)Another Datasource Is the Default.*project datasource\s+"` + project + `/` + current +
				`"\s+is\s+the\s+default\s+PyroscopeDatasource.*Set\s+default\s+=\s+false\s+on\s+"` + current + `"`),
		}},
	})
}

// TestAccDatasourceUnknownPluginKindFailsAtPlan: a raw plugin kind the server does not have.
func TestAccDatasourceUnknownPluginKindFailsAtPlan(t *testing.T) {
	s := accServerAuthOff(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(s) + datasourceConfig(globalScope, "", accName("x"), "", pluginAttribute,
				`{ kind = "ElasticsearchDatasource", spec_json = jsonencode({ directUrl = "https://es.example.com" }) }`),
			PlanOnly: true,
			ExpectError: regexp.MustCompile(`(?s)Datasource Plugin Not Installed.*"ElasticsearchDatasource".*Installed\s+datasource\s+kinds:\s+ClickHouseDatasource,\s+JaegerDatasource,\s+LokiDatasource,` +
				`\s+PrometheusDatasource,\s+PyroscopeDatasource,\s+TempoDatasource,\s+VictoriaLogsDatasource`),
		}},
	})
}

// TestAccDatasourceServerSchemaErrorFailsAtPlan: the raw spec breaks the plugin's schema; the
// server's dry-run validation catches it at plan.
func TestAccDatasourceServerSchemaErrorFailsAtPlan(t *testing.T) {
	s := accServerAuthOff(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(s) + datasourceConfig(globalScope, "", accName("jaeger"), "", pluginAttribute,
				`{ kind = "JaegerDatasource", spec_json = jsonencode({ directUrl = "https://jaeger.example.com", maxTraces = -1 }) }`),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Perses Rejects This Datasource.*JaegerDatasource.*maxTraces`),
		}},
	})
}

// TestAccDatasourceMissingProjectFailsAtPlan: the project neither exists nor is created here.
func TestAccDatasourceMissingProjectFailsAtPlan(t *testing.T) {
	s := accServerAuthOff(t)
	project := accName("nowhere")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config:      providerConfig(s) + datasourceConfig(projectScope, project, "prometheus", "", "prometheus", `{ direct_url = "https://p.example.com" }`),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Project Not Found.*Project\s+"` + project + `"\s+does\s+not\s+exist\s+on\s+the\s+Perses\s+server`),
		}},
	})
}

// TestAccDatasourceMissingSecretFailsAtPlan: Perses would accept a proxy naming a secret that
// does not exist (every query would then answer 404); the plan refuses it, in the right scope:
// a global secret does not serve a project datasource.
func TestAccDatasourceMissingSecretFailsAtPlan(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	project := accName("secrets")
	createProject(t, s, project)
	secret := accName("global-only")
	createSecret(t, c, "", secret)
	body := `{
    proxy = {
      url    = "http://prometheus.monitoring.svc:9090"
      secret = "` + secret + `"
    }
  }`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{
				// Global scope: the global secret exists, so the plan passes.
				Config:             providerConfig(s) + datasourceConfig(globalScope, "", accName("ok"), "", "prometheus", body),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config:   providerConfig(s) + datasourceConfig(projectScope, project, accName("missing"), "", "prometheus", body),
				PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)Secret Not Found.*secret\s+"` + secret + `",\s+which\s+is\s+not\s+among\s+the\s+secrets\s+of\s+project\s+"` + project +
					`".*Create\s+it\s+with\s+a\s+perses_project_secret\s+resource`),
			},
		},
	})
}
