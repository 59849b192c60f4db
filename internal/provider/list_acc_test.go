package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// listCase is one list resource: objects made by Terraform in a first step, then list blocks
// over them (terraform query, through terraform-plugin-testing's Query steps) and what each
// must find.
type listCase struct {
	scope scope
	// config declares the objects; their names start with prefix, project ones live in project
	// (spelled with capitals: the server stores it lowercased).
	config func(prefix, project string) string
	// query is the .tfquery.hcl of the query step.
	query func(prefix, project string) string
	// checks are what the query step must find; stored is the server's spelling of a name.
	checks func(prefix, project string) []querycheck.QueryResultCheck
}

// listBlock renders a list block of the case's type; lines go inside its config block.
// everyProjectBlock is, in the project scope, a list block without project: every project's
// objects whose name starts with prefix, in one request. Empty in the global scope.
func everyProjectBlock(s scope, prefix string) string {
	if !s.project {
		return ""
	}
	return listBlock(s, "every_project", false, fmt.Sprintf("name_prefix = %q", prefix))
}

func listBlock(s scope, name string, include bool, lines ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "list %q %q {\n  provider = perses\n", s.typeName(), name)
	if include {
		b.WriteString("  include_resource = true\n")
	}
	b.WriteString("  config {\n")
	for _, l := range lines {
		b.WriteString("    " + l + "\n")
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// projectLine is the project attribute of a resource of the case's scope, in the project that
// listCase.config declares ("" in the global scope).
func projectLine(s scope) string {
	if s.project {
		return "  project = perses_project.team.name\n"
	}
	return ""
}

// listFilters are the lines of a list block's config: project first for a project scope.
func listFilters(s scope, project string, lines ...string) []string {
	if s.project {
		return append([]string{fmt.Sprintf("project = %q", project)}, lines...)
	}
	return lines
}

func listCases() []listCase {
	lower := strings.ToLower
	idOf := func(s scope, project, name string) map[string]knownvalue.Check {
		id := map[string]knownvalue.Check{"name": knownvalue.StringExact(lower(name))}
		if s.project {
			id["project"] = knownvalue.StringExact(lower(project))
		}
		return id
	}
	projectBlock := func(project string) string {
		return fmt.Sprintf("resource \"perses_project\" \"team\" {\n  name = %q\n}\n", project)
	}
	datasources := func(s scope) listCase {
		return listCase{
			scope: s,
			config: func(prefix, project string) string {
				out := fmt.Sprintf(`resource %[1]q "prom_a" {
%[2]s  name       = "%[3]s-Prom-A"
  default    = true
  prometheus = { direct_url = "https://prom-a.example.com" }
}
resource %[1]q "prom_b" {
%[2]s  name         = "%[3]s-prom-b"
  display_name = "Prometheus B"
  prometheus   = { direct_url = "https://prom-b.example.com" }
}
resource %[1]q "loki" {
%[2]s  name = "%[3]s-loki"
  loki = { proxy = { url = "http://loki.monitoring.svc:3100" } }
}
resource %[1]q "jaeger" {
%[2]s  name   = "%[3]s-jaeger"
  plugin = { kind = "JaegerDatasource", spec_json = jsonencode({ directUrl = "https://jaeger.example.com" }) }
}
`, s.typeName(), projectLine(s), prefix)
				if s.project {
					out = projectBlock(project) + out
				}
				return out
			},
			query: func(prefix, project string) string {
				with := func(lines ...string) []string { return listFilters(s, project, lines...) }
				out := listBlock(s, "all", false, with(fmt.Sprintf("name_prefix = %q", prefix))...) +
					// The server matches a prefix in any letter case, as it stores names lowercased.
					listBlock(s, "upper", false, with(fmt.Sprintf("name_prefix = %q", strings.ToUpper(prefix)))...) +
					listBlock(s, "prometheus", false, with(fmt.Sprintf("name_prefix = %q", prefix), `plugin_kind = "PrometheusDatasource"`)...) +
					listBlock(s, "defaults", false, with(fmt.Sprintf("name_prefix = %q", prefix), "default = true")...) +
					listBlock(s, "others", false, with(fmt.Sprintf("name_prefix = %q", prefix), "default = false")...) +
					listBlock(s, "loki", true, with(fmt.Sprintf("name_prefix = %q", prefix), `plugin_kind = "LokiDatasource"`)...) +
					listBlock(s, "jaeger", true, with(fmt.Sprintf("name_prefix = %q", prefix), `plugin_kind = "JaegerDatasource"`)...)
				return out + everyProjectBlock(s, prefix)
			},
			checks: func(prefix, project string) []querycheck.QueryResultCheck {
				at := func(block string) string { return s.typeName() + "." + block }
				checks := []querycheck.QueryResultCheck{
					querycheck.ExpectLength(at("all"), 4),
					querycheck.ExpectLength(at("upper"), 4),
					querycheck.ExpectLength(at("prometheus"), 2),
					querycheck.ExpectLength(at("defaults"), 1),
					querycheck.ExpectLength(at("others"), 3),
					querycheck.ExpectLength(at("loki"), 1),
					querycheck.ExpectLength(at("jaeger"), 1),
					querycheck.ExpectIdentity(at("all"), idOf(s, project, prefix+"-Prom-A")),
					querycheck.ExpectIdentity(at("all"), idOf(s, project, prefix+"-prom-b")),
					querycheck.ExpectIdentity(at("defaults"), idOf(s, project, prefix+"-Prom-A")),
					querycheck.ExpectResourceDisplayName(at("all"), queryfilter.ByResourceIdentity(idOf(s, project, prefix+"-prom-b")),
						knownvalue.StringExact(fmt.Sprintf("%s (PrometheusDatasource): Prometheus B", s.id(lower(project), prefix+"-prom-b")))),
					querycheck.ExpectResourceDisplayName(at("defaults"), nil,
						knownvalue.StringExact(fmt.Sprintf("%s (PrometheusDatasource, default)", s.id(lower(project), lower(prefix+"-Prom-A"))))),
					// include_resource: the resource as an import stores it.
					querycheck.ExpectResourceKnownValues(at("loki"), nil, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(s.id(lower(project), prefix+"-loki"))},
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact(prefix + "-loki")},
						{Path: tfjsonpath.New("plugin_kind"), KnownValue: knownvalue.StringExact("LokiDatasource")},
						{Path: tfjsonpath.New("loki").AtMapKey("proxy").AtMapKey("url"), KnownValue: knownvalue.StringExact("http://loki.monitoring.svc:3100")},
						{Path: tfjsonpath.New("loki").AtMapKey("proxy").AtMapKey("allowed_endpoints"), KnownValue: knownvalue.ListSizeExact(9)},
						{Path: tfjsonpath.New("prometheus"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("verify"), KnownValue: knownvalue.Bool(false)},
						{Path: tfjsonpath.New("force_destroy"), KnownValue: knownvalue.Bool(false)},
						{Path: tfjsonpath.New("version"), KnownValue: knownvalue.Int64Exact(0)},
					}),
					querycheck.ExpectResourceKnownValues(at("jaeger"), nil, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("plugin").AtMapKey("kind"), KnownValue: knownvalue.StringExact("JaegerDatasource")},
						{Path: tfjsonpath.New("plugin").AtMapKey("spec_json"), KnownValue: knownvalue.StringExact(`{"directUrl":"https://jaeger.example.com"}`)},
					}),
				}
				if s.project {
					checks = append(checks,
						querycheck.ExpectLengthAtLeast(at("every_project"), 4),
						querycheck.ExpectIdentity(at("every_project"), idOf(s, project, prefix+"-loki")),
						querycheck.ExpectResourceKnownValues(at("loki"), nil, []querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("project"), KnownValue: knownvalue.StringExact(lower(project))},
						}))
				}
				return checks
			},
		}
	}
	secrets := func(s scope) listCase {
		return listCase{
			scope: s,
			config: func(prefix, project string) string {
				out := fmt.Sprintf(`resource %[1]q "basic" {
%[2]s  name       = "%[3]s-Basic"
  basic_auth = { username = "perses", password = "list-test-password" }
}
resource %[1]q "tls" {
%[2]s  name       = "%[3]s-tls"
  tls_config = { ca_file = "/etc/perses/ca.pem", server_name = "prometheus.svc" }
}
`, s.typeName(), projectLine(s), prefix)
				if s.project {
					out = projectBlock(project) + out
				}
				return out
			},
			query: func(prefix, project string) string {
				out := listBlock(s, "all", false, listFilters(s, project, fmt.Sprintf("name_prefix = %q", prefix))...) +
					listBlock(s, "basic", true, listFilters(s, project, fmt.Sprintf("name_prefix = %q", prefix+"-basic"))...)
				return out + everyProjectBlock(s, prefix)
			},
			checks: func(prefix, project string) []querycheck.QueryResultCheck {
				at := func(block string) string { return s.typeName() + "." + block }
				checks := []querycheck.QueryResultCheck{
					querycheck.ExpectLength(at("all"), 2),
					querycheck.ExpectLength(at("basic"), 1),
					querycheck.ExpectIdentity(at("all"), idOf(s, project, prefix+"-Basic")),
					querycheck.ExpectIdentity(at("all"), idOf(s, project, prefix+"-tls")),
					querycheck.ExpectResourceDisplayName(at("basic"), nil,
						knownvalue.StringExact(fmt.Sprintf("%s (basic_auth)", s.id(lower(project), lower(prefix+"-Basic"))))),
					// Perses never gives the values back: the listed resource has none.
					querycheck.ExpectResourceKnownValues(at("basic"), nil, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact(lower(prefix + "-Basic"))},
						{Path: tfjsonpath.New("basic_auth").AtMapKey("username"), KnownValue: knownvalue.StringExact("perses")},
						{Path: tfjsonpath.New("basic_auth").AtMapKey("password"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("basic_auth").AtMapKey("password_wo"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("tls_config"), KnownValue: knownvalue.Null()},
					}),
				}
				if s.project {
					checks = append(checks,
						querycheck.ExpectLengthAtLeast(at("every_project"), 2),
						querycheck.ExpectIdentity(at("every_project"), idOf(s, project, prefix+"-tls")))
				}
				return checks
			},
		}
	}
	return []listCase{
		datasources(globalScope),
		datasources(projectScope),
		secrets(globalSecretScope),
		secrets(projectSecretScope),
		{
			scope: projectsScope,
			config: func(prefix, _ string) string {
				return fmt.Sprintf("resource \"perses_project\" \"a\" {\n  name = \"%[1]s-A\"\n  display_name = \"Team A\"\n  description = \"The A team\"\n}\n"+
					"resource \"perses_project\" \"b\" {\n  name = \"%[1]s-b\"\n}\n", prefix)
			},
			query: func(prefix, _ string) string {
				return listBlock(projectsScope, "all", false, fmt.Sprintf("name_prefix = %q", prefix)) +
					listBlock(projectsScope, "a", true, fmt.Sprintf("name_prefix = %q", prefix+"-a"))
			},
			checks: func(prefix, _ string) []querycheck.QueryResultCheck {
				return []querycheck.QueryResultCheck{
					querycheck.ExpectLength("perses_project.all", 2),
					querycheck.ExpectLength("perses_project.a", 1),
					querycheck.ExpectIdentity("perses_project.all", idOf(projectsScope, "", prefix+"-b")),
					querycheck.ExpectResourceDisplayName("perses_project.a", nil, knownvalue.StringExact(lower(prefix+"-A")+": Team A")),
					querycheck.ExpectResourceKnownValues("perses_project.a", nil, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(lower(prefix + "-A"))},
						{Path: tfjsonpath.New("display_name"), KnownValue: knownvalue.StringExact("Team A")},
						{Path: tfjsonpath.New("description"), KnownValue: knownvalue.StringExact("The A team")},
					}),
				}
			},
		},
	}
}

// TestAccListResources: each list resource finds what Terraform made, filtered by the server,
// with the server's identities, display names and (include_resource) the resource as an import
// stores it. A CLI without terraform query refuses the command.
func TestAccListResources(t *testing.T) {
	// A server of its own: the default flag is checked across the whole scope.
	s := accFreshServer(t, testbed.ServerOptions{})
	runListCases(t, providerConfig(s), listCases())
}

// runListCases runs each case as a subtest: its objects applied with the provider block given,
// then its query and checks, or (a CLI without terraform query) the CLI's refusal.
func runListCases(t *testing.T, provider string, cases []listCase) {
	withQuery := cliSupports(t, featureListResources)
	for _, tc := range cases {
		t.Run(tc.scope.typeSuffix(), func(t *testing.T) {
			prefix, project := accName("list"), "Team-"+accName("List")
			steps := []resource.TestStep{{Config: provider + tc.config(prefix, project)}}
			if withQuery {
				steps = append(steps, resource.TestStep{
					Query: true, Config: tc.query(prefix, project), QueryResultChecks: tc.checks(prefix, project),
				})
			}
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: accProviders, Steps: steps})
			if !withQuery {
				assertQueryRefused(t, provider, tc.query(prefix, project))
			}
		})
	}
}

// queryRefusal is how a CLI without list resources (Terraform before 1.14, OpenTofu) refuses
// terraform query.
func queryRefusal(t *testing.T) string {
	t.Helper()
	return fmt.Sprintf("%s has no command named \"query\"", testedCLI(t).name)
}

// assertQueryRefused runs terraform query as a user of a CLI without it would, and checks how
// the CLI refuses the command.
func assertQueryRefused(t *testing.T, config, query string) {
	t.Helper()
	w := newCLIWorkspace(t)
	w.writeConfig(t, config)
	if err := os.WriteFile(filepath.Join(w.dir, "list.tfquery.hcl"), []byte(query), 0o600); err != nil {
		t.Fatal(err)
	}
	w.mustRun(t, nil, "init", "-input=false", "-no-color")
	out, err := w.run(t, nil, "query", "-no-color")
	refusal := queryRefusal(t)
	if err == nil || !strings.Contains(string(out), refusal) {
		t.Fatalf("%s: terraform query returned %v, want a refusal saying %q:\n%s", testedCLI(t), err, refusal, out)
	}
}

// TestAccListResourceDiagnostics: a mistake in a list block reaches the user as the provider
// words it, with the attribute; a list the server cannot answer says why. CLIs without
// terraform query refuse the command before reading the blocks.
func TestAccListResourceDiagnostics(t *testing.T) {
	s := accServerAuthOff(t)
	offline := listBlock(globalScope, "misspelled", false, `plugin_kind = "prometheusdatasource"`) +
		listBlock(projectScope, "typed_name", false, `plugin_kind = "victorialogs"`) +
		listBlock(projectsScope, "pattern", false, `name_prefix = "team*"`) +
		listBlock(globalSecretScope, "empty", false, `name_prefix = ""`) +
		listBlock(projectSecretScope, "project", false, `project = "check out"`)
	missing := accName("missing")
	online := listBlock(globalScope, "not_installed", false, `plugin_kind = "FooDatasource"`) +
		listBlock(projectScope, "no_project", false, fmt.Sprintf("project = %q", missing))
	if !cliSupports(t, featureListResources) {
		assertQueryRefused(t, providerConfig(s), offline)
		return
	}
	w := newCLIWorkspace(t)
	w.writeConfig(t, providerConfig(s))
	w.mustRun(t, nil, "init", "-input=false", "-no-color")
	query := func(blocks string) string {
		t.Helper()
		if err := os.WriteFile(filepath.Join(w.dir, "list.tfquery.hcl"), []byte(blocks), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := w.run(t, nil, "query", "-no-color")
		if err == nil {
			t.Fatalf("terraform query succeeded, want errors:\n%s", out)
		}
		return string(out)
	}
	expect := func(out, severity, summary, detail string) {
		t.Helper()
		re := regexp.MustCompile(`(?s)` + severity + `: ` + regexp.QuoteMeta(summary) + `\s.*?` + flexibleSpaces(detail))
		if !re.MatchString(out) {
			t.Errorf("no %s %q saying %q in:\n%s", severity, summary, detail, out)
		}
	}
	out := query(offline)
	expect(out, "Error", "Misspelled Plugin Kind", `plugin_kind is "prometheusdatasource", which Perses does not know: plugin kinds are compared exactly, `+
		`and the Prometheus kind is spelled "PrometheusDatasource". Write plugin_kind = "PrometheusDatasource".`)
	expect(out, "Error", "Misspelled Plugin Kind", `plugin_kind is "victorialogs", which Perses does not know: plugin kinds are compared exactly, `+
		`and the VictoriaLogs kind is spelled "VictoriaLogsDatasource". Write plugin_kind = "VictoriaLogsDatasource".`)
	expect(out, "Error", "Invalid Name Prefix", `name_prefix is "team*", which no Perses name starts with`)
	expect(out, "Error", "Empty Name Prefix", `name_prefix is empty, which filters nothing. Omit name_prefix to list every global secret`)
	expect(out, "Error", "Invalid Name", `project is "check out", which is not a Perses name`)
	for _, block := range []string{`list "perses_global_datasource" "misspelled"`, `list "perses_project_datasource" "typed_name"`,
		`list "perses_project" "pattern"`, `list "perses_global_secret" "empty"`, `list "perses_project_secret" "project"`} {
		if !strings.Contains(out, block) {
			t.Errorf("no diagnostic points at %s:\n%s", block, out)
		}
	}

	out = query(online)
	expect(out, "Warning", "Plugin Kind Not Installed", `plugin_kind is "FooDatasource", a kind the Perses server has no plugin for: `+
		`no datasource can have it, so the list is empty. Write one of the kinds the server has:`)
	expect(out, "Error", "Cannot List Perses Datasources", fmt.Sprintf(`Project %q does not exist on the Perses server. `+
		`Fix the project attribute of the list block, or omit it to list the project datasources of every project.`, missing))
}
