package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/perses/perses/pkg/model/api/v1/role"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// The RBAC-limited identity: the provider logged in as a user whose roles allow only part of
// the configuration, as a team's CI job is. teamACI may do everything with the datasources of
// project team-a and read that project; nothing else (no secret, no dashboard, nothing global).
const rbacProject = "team-a"

var teamACI = testbed.ProvisionedUser{Name: "team-a-ci", Password: "team-a-ci-password", ProjectPermissions: map[string][]role.Permission{
	rbacProject: {
		{Actions: []role.Action{role.WildcardAction}, Scopes: []role.Scope{role.DatasourceScope}},
		{Actions: []role.Action{role.ReadAction}, Scopes: []role.Scope{role.ProjectScope}},
	},
}}

func rbacServer(t *testing.T) *testbed.Server {
	t.Helper()
	return accServer(t, testbed.ServerOptions{Auth: true, Users: []testbed.ProvisionedUser{teamACI}})
}

// rbacProviderConfig is a provider block logged in as teamACI.
func rbacProviderConfig(s *testbed.Server) string {
	return providerConfig(s, fmt.Sprintf("username = %q", teamACI.Name), fmt.Sprintf("password = %q", teamACI.Password))
}

// rbacDatasource is a Prometheus datasource resource; project "" makes it global.
func rbacDatasource(resourceName, project, name, url string, extra ...string) string {
	typ, projectLine := "perses_global_datasource", ""
	if project != "" {
		typ, projectLine = "perses_project_datasource", fmt.Sprintf("  project = %q\n", project)
	}
	return fmt.Sprintf("resource %q %q {\n%s  name = %q\n  force_destroy = true\n%s  prometheus = { direct_url = %q }\n}\n",
		typ, resourceName, projectLine, name, indent(extra), url)
}

// TestAccRBACProjectDatasourceLifecycle: what the roles allow works as for an admin: create,
// update, import, and an empty plan after each.
func TestAccRBACProjectDatasourceLifecycle(t *testing.T) {
	s := rbacServer(t)
	name := accName("rbac")
	address := "perses_project_datasource.allowed"
	config := func(url string) string {
		return rbacProviderConfig(s) + rbacDatasource("allowed", rbacProject, name, url)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{
				Config: config("https://prometheus-1.example.com"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact(rbacProject+"/"+name)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("version"), knownvalue.Int64Exact(0)),
				},
			},
			{
				Config: config("https://prometheus-2.example.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("prometheus").AtMapKey("direct_url"), knownvalue.StringExact("https://prometheus-2.example.com")),
				},
			},
			{
				Config:                  config("https://prometheus-2.example.com"),
				ResourceName:            address,
				ImportState:             true,
				ImportStateId:           rbacProject + "/" + name,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{forceDestroyAttribute},
			},
			{
				Config: config("https://prometheus-2.example.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

// rbacRefusal is the exact diagnostic of a write the roles do not allow.
func rbacRefusal(summary, action, object, permission, grant string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + flexibleSpaces("Error: "+summary) + `.*` + flexibleSpaces(fmt.Sprintf(
		"The Perses server refused to let the provider's identity %s %s (403): its roles lack the permission %s. Grant it with %s; or run with credentials that have it.",
		action, object, permission, grant)))
}

// TestAccRBACRefusalsNameThePermission: a write the roles do not allow fails with the object,
// the action, the Perses scope refused and the role that would grant it; what the same apply
// created before the refusal is in the state (the next plan is empty).
func TestAccRBACRefusalsNameThePermission(t *testing.T) {
	s := rbacServer(t)
	otherProject := accName("team-b")
	createProject(t, s, otherProject)
	allowed, global, other := accName("rbac-ok"), accName("rbac-global"), accName("rbac-other")
	allowedConfig := rbacDatasource("allowed", rbacProject, allowed, "https://prometheus.example.com")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{
				Config: rbacProviderConfig(s) + allowedConfig + rbacDatasource("global", "", global, "https://prometheus.example.com"),
				ExpectError: rbacRefusal("Cannot Create Perses Datasource", "create", fmt.Sprintf("global datasource %q", global),
					`create on scope "GlobalDatasource" (a global permission)`,
					`a GlobalRole with action "create" on scope "GlobalDatasource", bound to the provider's user by a GlobalRoleBinding (a project Role cannot hold a global scope)`),
			},
			{
				Config: rbacProviderConfig(s) + allowedConfig + rbacDatasource("other", otherProject, other, "https://prometheus.example.com"),
				ExpectError: rbacRefusal("Cannot Create Perses Datasource", "create", fmt.Sprintf("project datasource %q", otherProject+"/"+other),
					fmt.Sprintf(`create on scope "Datasource" in project %q`, otherProject),
					fmt.Sprintf(`a Role in project %q with action "create" on scope "Datasource", bound to the provider's user by a RoleBinding in that project, `+
						`or a GlobalRole with action "create" on scope "Datasource", bound to the provider's user by a GlobalRoleBinding (a GlobalRole applies in every project)`, otherProject)),
			},
			{
				// The datasource the first apply did create is in the state: nothing to do.
				Config: rbacProviderConfig(s) + allowedConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("perses_project_datasource.allowed", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// rbacWarning is the exact warning of a plan-time check the identity may not do.
func rbacWarning(check, needs, permission, grant string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + flexibleSpaces("Warning: "+check+" Skipped") + `.*` + flexibleSpaces(fmt.Sprintf(
		"The plan could not check %s: the Perses server refused the read (403), the provider's identity lacks the permission %s. "+
			"This plan is not proof of it: the apply may still fail for this reason. To have it checked at plan, grant %s.",
		needs, permission, grant)))
}

// TestAccRBACPlanChecksWarnWhenTheIdentityCannotRead: the plan-time checks that need a read the
// roles do not allow (the default-flag unicity check and the name-collision check list
// datasources, the secret check reads secrets, the project check reads the project) neither
// pass silently nor fail: each says in a warning which check it skips and which permission it
// lacks. A datasource naming a secret gets that warning, not "Secret Not Found"; its apply then
// fails on Perses' own rule (writing it needs read on the secrets).
func TestAccRBACPlanChecksWarnWhenTheIdentityCannotRead(t *testing.T) {
	s := rbacServer(t)
	otherProject := accName("team-b")
	createProject(t, s, otherProject)
	global, other, withSecret := accName("rbac-global"), accName("rbac-other"), accName("rbac-secret")
	globalConfig := rbacDatasource("global", "", global, "https://prometheus.example.com", "default = true")
	otherConfig := rbacDatasource("other", otherProject, other, "https://prometheus.example.com")
	secretConfig := fmt.Sprintf(`resource "perses_project_datasource" "with_secret" {
  project = %q
  name    = %q
  prometheus = { proxy = { url = "https://prometheus.example.com", secret = "team-a-credentials" } }
}
`, rbacProject, withSecret)
	globalRole := func(action, scope string) string {
		return fmt.Sprintf(`a GlobalRole with action %q on scope %q, bound to the provider's user by a GlobalRoleBinding (a project Role cannot hold a global scope)`, action, scope)
	}
	projectRole := func(project, action, scope string) string {
		return fmt.Sprintf(`a Role in project %q with action %q on scope %q, bound to the provider's user by a RoleBinding in that project, `+
			`or a GlobalRole with action %q on scope %q, bound to the provider's user by a GlobalRoleBinding (a GlobalRole applies in every project)`,
			project, action, scope, action, scope)
	}
	w := newCLIWorkspace(t)
	w.writeConfig(t, rbacProviderConfig(s))
	w.mustRun(t, nil, "init", "-input=false", "-no-color")
	// One plan per datasource: the CLI folds warnings of one summary into the first one.
	for _, plan := range []struct {
		config string
		want   []*regexp.Regexp
	}{
		{globalConfig, []*regexp.Regexp{
			rbacWarning("Default Datasource Check",
				"that no other PrometheusDatasource datasource is the default in the global scope (Perses allows one default per plugin kind and scope)",
				`read on scope "GlobalDatasource" (a global permission)`, globalRole("read", "GlobalDatasource")),
			rbacWarning("Name Collision Check",
				fmt.Sprintf(`that global datasource %q is free (no datasource of the global scope holds the same name with other capitals)`, global),
				`read on scope "GlobalDatasource" (a global permission)`, globalRole("read", "GlobalDatasource")),
		}},
		{otherConfig, []*regexp.Regexp{
			rbacWarning("Project Check", fmt.Sprintf("that project %q exists", otherProject),
				fmt.Sprintf(`read on scope "Project" in project %q`, otherProject), projectRole(otherProject, "read", "Project")),
			rbacWarning("Name Collision Check",
				fmt.Sprintf(`that project datasource %q is free (no datasource of project %q holds the same name with other capitals)`, otherProject+"/"+other, otherProject),
				fmt.Sprintf(`read on scope "Datasource" in project %q`, otherProject), projectRole(otherProject, "read", "Datasource")),
		}},
		{secretConfig, []*regexp.Regexp{
			rbacWarning("Secret Check", `that secret "team-a-credentials" named by the proxy exists`,
				fmt.Sprintf(`read on scope "Secret" in project %q`, rbacProject), projectRole(rbacProject, "read", "Secret")),
		}},
	} {
		w.writeConfig(t, rbacProviderConfig(s)+plan.config)
		out := w.mustRun(t, nil, "plan", "-input=false", "-no-color")
		for _, want := range plan.want {
			if !want.Match(out) {
				t.Errorf("the plan does not show the warning %s:\n%s", want, out)
			}
		}
		if strings.Contains(string(out), "Secret Not Found") {
			t.Errorf("the plan concludes that the secret is missing, which it cannot know:\n%s", out)
		}
	}

	w.writeConfig(t, rbacProviderConfig(s)+globalConfig+otherConfig+secretConfig)
	out, err := w.run(t, nil, "apply", "-input=false", "-no-color", "-auto-approve")
	if err == nil {
		t.Fatalf("the apply succeeded:\n%s", out)
	}
	secretRefusal := rbacRefusal("Cannot Create Perses Datasource", "create", fmt.Sprintf("project datasource %q", rbacProject+"/"+withSecret),
		fmt.Sprintf(`read on scope "Secret" in project %q. Perses checks it when a datasource's proxy names a secret: writing such a datasource needs read on "Secret"`, rbacProject),
		projectRole(rbacProject, "read", "Secret"))
	if !secretRefusal.Match(out) {
		t.Errorf("the apply does not show the refusal %s:\n%s", secretRefusal, out)
	}
	if state := w.mustRun(t, nil, "state", "list", "-no-color"); len(strings.TrimSpace(string(state))) != 0 {
		t.Errorf("nothing was created, yet the state holds:\n%s", state)
	}
}

// TestAccRBACDeleteWithoutDashboardRead: the check that no dashboard uses a datasource before
// deleting it needs read on Dashboard. Without it the destroy plan warns that the check is
// skipped, and the delete refuses, naming the permission; force_destroy = true deletes it.
func TestAccRBACDeleteWithoutDashboardRead(t *testing.T) {
	s := rbacServer(t)
	name := accName("rbac-delete")
	config := func(forceDestroy bool) string {
		return rbacProviderConfig(s) + fmt.Sprintf("resource \"perses_project_datasource\" \"team\" {\n  project = %q\n  name = %q\n  force_destroy = %t\n"+
			"  prometheus = { direct_url = \"https://prometheus.example.com\" }\n}\n", rbacProject, name, forceDestroy)
	}
	projectRole := fmt.Sprintf(`a Role in project %q with action "read" on scope "Dashboard", bound to the provider's user by a RoleBinding in that project, `+
		`or a GlobalRole with action "read" on scope "Dashboard", bound to the provider's user by a GlobalRoleBinding (a GlobalRole applies in every project)`, rbacProject)
	permission := fmt.Sprintf(`read on scope "Dashboard" in project %q`, rbacProject)
	w := newCLIWorkspace(t)
	w.writeConfig(t, config(false))
	w.mustRun(t, nil, "init", "-input=false", "-no-color")
	w.mustRun(t, nil, "apply", "-input=false", "-no-color", "-auto-approve")

	warning := rbacWarning("Dashboard Use Check",
		fmt.Sprintf(`which dashboards use project datasource %q before destroying it (the apply refuses to delete a datasource dashboards use, and needs this read too)`, rbacProject+"/"+name),
		permission, projectRole)
	if out := w.mustRun(t, nil, "plan", "-destroy", "-input=false", "-no-color"); !warning.Match(out) {
		t.Errorf("the destroy plan does not show the warning %s:\n%s", warning, out)
	}
	refusal := regexp.MustCompile(`(?s)` + flexibleSpaces("Error: Cannot Check Which Dashboards Use the Datasource") + `.*` + flexibleSpaces(fmt.Sprintf(
		`Before deleting project datasource %q the provider lists the dashboards that use it, and the Perses server refused it (403): `+
			`the provider's identity lacks the permission %s. Grant %s; or, to delete it without the check, set force_destroy = true on this resource and apply, then destroy it.`,
		rbacProject+"/"+name, permission, projectRole)))
	out, err := w.run(t, nil, "destroy", "-input=false", "-no-color", "-auto-approve")
	if err == nil || !refusal.Match(out) {
		t.Errorf("the destroy does not fail with %s:\n%s", refusal, out)
	}
	w.writeConfig(t, config(true))
	w.mustRun(t, nil, "apply", "-input=false", "-no-color", "-auto-approve")
	w.mustRun(t, nil, "destroy", "-input=false", "-no-color", "-auto-approve")
	if state := w.mustRun(t, nil, "state", "list", "-no-color"); len(strings.TrimSpace(string(state))) != 0 {
		t.Errorf("the destroy left in the state:\n%s", state)
	}
}
