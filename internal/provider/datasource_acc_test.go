package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	v1 "github.com/perses/perses/pkg/model/api/v1"
	secretv1 "github.com/perses/perses/pkg/model/api/v1/secret"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/plugins"
	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// kindCase is one way of writing a datasource's kind: its attribute, and two bodies (create,
// then update in place).
type kindCase struct {
	attribute  string
	pluginKind string
	create     string
	update     string
}

// kindCases covers every typed kind (proxy with default endpoints, then direct URL, or the
// reverse) and the raw plugin attribute.
func kindCases() []kindCase {
	var cases []kindCase
	for i, k := range plugins.Kinds() {
		proxy := `{
    proxy = {
      url     = "http://` + k.Attribute + `.monitoring.svc:8080"
      headers = { "X-Scope-OrgID" = "platform" }
      secret  = "` + k.Attribute + `-credentials"
    }
  }`
		direct := `{ direct_url = "https://` + k.Attribute + `.example.com" }`
		c := kindCase{attribute: k.Attribute, pluginKind: k.PluginKind, create: proxy, update: direct}
		if i%2 == 1 {
			c.create, c.update = direct, proxy
		}
		if k.Attribute == "prometheus" {
			c.update = `{
    proxy = {
      url               = "http://prometheus.monitoring.svc:9090"
      allowed_endpoints = [{ endpoint_pattern = "/api/v1/query", method = "POST" }]
    }
    scrape_interval = "1m30s"
    query_params    = { dedup = "true" }
  }`
		}
		cases = append(cases, c)
	}
	return append(cases, kindCase{
		attribute:  pluginAttribute,
		pluginKind: "JaegerDatasource",
		create:     `{ kind = "JaegerDatasource", spec_json = jsonencode({ directUrl = "https://jaeger.example.com", maxTraces = 20, tags = ["a", "b"] }) }`,
		update:     `{ kind = "JaegerDatasource", spec_json = jsonencode({ directUrl = "https://jaeger2.example.com", maxTraces = 50, tags = ["b"] }) }`,
	})
}

func accClient(t *testing.T, s *testbed.Server) *client.Client {
	t.Helper()
	cfg := client.Config{URL: s.URL}
	if s.Options.Auth {
		cfg.Username, cfg.Password = s.AdminUsername, s.AdminPassword
	}
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// datasourceConfig renders one datasource resource in a scope.
func datasourceConfig(sc scope, project, name, displayName, kindAttr, body string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"perses_%s\" \"test\" {\n", sc.typeSuffix())
	if sc.project {
		fmt.Fprintf(&b, "  project = %q\n", project)
	}
	fmt.Fprintf(&b, "  name = %q\n", name)
	if displayName != "" {
		fmt.Fprintf(&b, "  display_name = %q\n", displayName)
	}
	fmt.Fprintf(&b, "  %s = %s\n}\n", kindAttr, body)
	return b.String()
}

func checkDatasourceDestroyed(c *client.Client, sc scope) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		for _, rs := range st.RootModule().Resources {
			if rs.Type != "perses_"+sc.typeSuffix() {
				continue
			}
			_, err := c.GetDatasource(context.Background(), rs.Primary.Attributes["project"], rs.Primary.Attributes["name"])
			if !errors.Is(err, client.ErrNotFound) {
				return fmt.Errorf("%s still exists after destroy: %w", rs.Primary.ID, err)
			}
		}
		return nil
	}
}

// TestAccDatasourceLifecycle runs, for every kind in both scopes: create, empty second plan,
// update in place, import by ID and by import block, drift (changed and deleted through the API),
// and destroy.
func TestAccDatasourceLifecycle(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	for _, sc := range []scope{globalScope, projectScope} {
		for _, kc := range kindCases() {
			t.Run(sc.typeSuffix()+"/"+kc.attribute, func(t *testing.T) {
				testDatasourceLifecycle(t, s, c, sc, kc)
			})
		}
	}
}

func testDatasourceLifecycle(t *testing.T, s *testbed.Server, c *client.Client, sc scope, kc kindCase) {
	project := ""
	if sc.project {
		project = accName("proj")
		createProject(t, s, project)
	}
	// The proxies name "<kind>-credentials": the plan checks that such a secret exists in the scope.
	createSecret(t, c, project, kc.attribute+"-credentials")
	name := accName(kc.attribute)
	address := "perses_" + sc.typeSuffix() + ".test"
	id := sc.id(project, name)
	create := providerConfig(s) + datasourceConfig(sc, project, name, "", kc.attribute, kc.create)
	update := providerConfig(s) + datasourceConfig(sc, project, name, "Updated", kc.attribute, kc.update)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		CheckDestroy:             checkDatasourceDestroyed(c, sc),
		Steps: []resource.TestStep{
			{
				Config: create,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("plugin_kind"), knownvalue.StringExact(kc.pluginKind)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("default"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("version"), knownvalue.Int64Exact(0)),
				},
			},
			{
				Config: update,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("display_name"), knownvalue.StringExact("Updated")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("version"), knownvalue.Int64Exact(1)),
				},
			},
			{
				ResourceName:      address,
				ImportState:       true,
				ImportStateId:     id,
				ImportStateVerify: true,
			},
			{
				Config:          update,
				ResourceName:    address,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   id,
			},
			{
				// Drift: someone changes the datasource through the API; the plan puts it back.
				PreConfig: func() { driftDatasource(t, c, project, name) },
				Config:    update,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				}},
			},
			{
				// Drift: someone deletes it; the plan creates it again.
				PreConfig: func() {
					if err := c.DeleteDatasource(context.Background(), project, name); err != nil {
						t.Fatal(err)
					}
				},
				Config: update,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// createSecret makes a basic-auth secret through the API, in a project or (project "") global.
func createSecret(t *testing.T, c *client.Client, project, name string) {
	t.Helper()
	secret := &v1.Secret{Kind: v1.KindSecret, Metadata: *v1.NewProjectMetadata(project, name)}
	secret.Spec.BasicAuth = &secretv1.BasicAuth{Username: "perses", Password: "not-a-real-password"}
	if _, err := c.CreateSecret(context.Background(), secret); err != nil {
		t.Fatalf("creating secret %s: %v", name, err)
	}
	t.Cleanup(func() { _ = c.DeleteSecret(context.Background(), project, name) })
}

// driftDatasource changes a stored datasource the way a person in the UI would.
func driftDatasource(t *testing.T, c *client.Client, project, name string) {
	t.Helper()
	ds, err := c.GetDatasource(context.Background(), project, name)
	if err != nil {
		t.Fatal(err)
	}
	ds.Spec.Display.Name = "Changed in the UI"
	ds.Spec.Default = !ds.Spec.Default
	if _, err := c.UpdateDatasource(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
}

func TestAccDatasourceProjectDeletedOutsideTerraform(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	project, name := accName("gone"), accName("prom")
	createProject(t, s, project)
	config := providerConfig(s) + datasourceConfig(projectScope, project, name, "", "prometheus", `{ direct_url = "https://prometheus.example.com" }`)
	withProject := providerConfig(s) + fmt.Sprintf("resource \"perses_project\" \"p\" { name = %q }\n", project) +
		strings.Replace(datasourceConfig(projectScope, project, name, "", "prometheus", `{ direct_url = "https://prometheus.example.com" }`),
			fmt.Sprintf("project = %q", project), "project = perses_project.p.name", 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{
				// Perses answers 400 (not 404) for a read under a missing project: the refresh drops
				// the datasource from the state all the same, and the plan says the project is missing.
				PreConfig: func() {
					if err := c.DeleteProject(context.Background(), project); err != nil {
						t.Fatal(err)
					}
				},
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)Project Not Found.*Project\s+"` + project + `"\s+does\s+not\s+exist`),
			},
			{
				// With the project back in the configuration, both are created: the datasource
				// was no longer in the state.
				Config: withProject,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("perses_project.p", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("perses_project_datasource.test", plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

func TestAccDatasourceImportRejectsMalformedID(t *testing.T) {
	s := accServerAuthOff(t)
	for _, tc := range []struct {
		sc   scope
		id   string
		want string
	}{
		{globalScope, "a/b", `(?s)"a/b" is not a global datasource import ID.*Write it as <name>, e.g.\s+terraform\s+import\s+perses_global_datasource.example\s+prometheus`},
		{projectScope, "prometheus", `(?s)"prometheus" is not a project datasource import ID.*Write it as <project>/<name>, e.g.\s+terraform\s+import\s+perses_project_datasource.example\s+checkout/prometheus`},
	} {
		t.Run(tc.sc.typeSuffix(), func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: accProviders,
				Steps: []resource.TestStep{{
					Config:        providerConfig(s) + datasourceConfig(tc.sc, "checkout", "prometheus", "", "prometheus", `{ direct_url = "https://p.example.com" }`),
					ResourceName:  "perses_" + tc.sc.typeSuffix() + ".test",
					ImportState:   true,
					ImportStateId: tc.id,
					ExpectError:   regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

// TestAccDatasourceNameWithCapitals: a database with case_sensitive false stores "Prom-X" as
// "prom-x"; a case-sensitive one keeps it. Both give an empty second plan and a clean import.
func TestAccDatasourceNameWithCapitals(t *testing.T) {
	for _, caseSensitive := range []bool{false, true} {
		t.Run(fmt.Sprintf("case_sensitive=%v", caseSensitive), func(t *testing.T) {
			s := accServer(t, testbed.ServerOptions{CaseSensitive: caseSensitive})
			c := accClient(t, s)
			project := "Team-" + accName("caps")
			createProject(t, s, project)
			name := "Prom-" + accName("caps")
			for _, sc := range []scope{globalScope, projectScope} {
				address := "perses_" + sc.typeSuffix() + ".test"
				apiProject := ""
				if sc.project {
					apiProject = project
				}
				config := providerConfig(s) + datasourceConfig(sc, project, name, "", "prometheus", `{ direct_url = "https://prometheus.example.com" }`)
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: accProviders,
					CheckDestroy:             checkDatasourceDestroyed(c, sc),
					Steps: []resource.TestStep{
						{
							Config: config,
							ConfigStateChecks: []statecheck.StateCheck{
								statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact(name)),
							},
							Check: func(*terraform.State) error {
								ds, err := c.GetDatasource(context.Background(), apiProject, name)
								if err != nil {
									return err
								}
								want := name
								if !caseSensitive {
									want = strings.ToLower(name)
								}
								if ds.Metadata.Name != want {
									return fmt.Errorf("server stored name %q, want %q", ds.Metadata.Name, want)
								}
								return nil
							},
						},
						{ResourceName: address, ImportState: true, ImportStateId: sc.id(project, name), ImportStateVerify: true},
					},
				})
			}
		})
	}
}

// TestAccDatasourceProjectOverridesGlobal: a project datasource with the name of a global one
// exists beside it; each data source reads its own scope.
func TestAccDatasourceProjectOverridesGlobal(t *testing.T) {
	s := accServerAuthOff(t)
	project, name := accName("override"), accName("metrics")
	createProject(t, s, project)
	config := providerConfig(s) + fmt.Sprintf(`
resource "perses_global_datasource" "org" {
  name       = %[2]q
  prometheus = { direct_url = "https://global.example.com" }
}
resource "perses_project_datasource" "team" {
  project    = %[1]q
  name       = perses_global_datasource.org.name
  prometheus = { direct_url = "https://team.example.com" }
}
data "perses_global_datasource" "org" {
  name = perses_global_datasource.org.name
}
data "perses_project_datasource" "team" {
  project = perses_project_datasource.team.project
  name    = perses_project_datasource.team.name
}
`, project, name)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.perses_global_datasource.org", tfjsonpath.New("prometheus").AtMapKey("direct_url"), knownvalue.StringExact("https://global.example.com")),
				statecheck.ExpectKnownValue("data.perses_project_datasource.team", tfjsonpath.New("prometheus").AtMapKey("direct_url"), knownvalue.StringExact("https://team.example.com")),
				statecheck.ExpectKnownValue("data.perses_project_datasource.team", tfjsonpath.New("id"), knownvalue.StringExact(project+"/"+name)),
			},
		}},
	})
}

// TestAccDatasourcePluginSpecJSONIsNormalized: Perses stores the spec re-encoded (its own key
// order, no whitespace); a spec written with another key order and whitespace still plans no
// change after apply, and the state keeps the text as written.
func TestAccDatasourcePluginSpecJSONIsNormalized(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	name := accName("jaeger")
	spaced := "{\n    \"tags\": [\"a\", \"b\"],\n    \"maxTraces\": 20,   \"directUrl\": \"https://jaeger.example.com\"\n}\n"
	body := "{\n    kind      = \"JaegerDatasource\"\n    spec_json = <<-JSON\n" + spaced + "JSON\n  }"
	address := "perses_global_datasource.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(s) + datasourceConfig(globalScope, "", name, "", pluginAttribute, body),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(address, tfjsonpath.New("plugin").AtMapKey("spec_json"), knownvalue.StringExact(spaced)),
			},
			Check: func(*terraform.State) error {
				ds, err := c.GetDatasource(context.Background(), "", name)
				if err != nil {
					return err
				}
				stored, err := json.Marshal(ds.Spec.Plugin.Spec)
				if err != nil {
					return err
				}
				if want := `{"directUrl":"https://jaeger.example.com","maxTraces":20,"tags":["a","b"]}`; string(stored) != want {
					return fmt.Errorf("server stored %s, want %s", stored, want)
				}
				return nil
			},
		}},
	})
}
