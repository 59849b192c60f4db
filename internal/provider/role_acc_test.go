package provider

import (
	"context"
	"fmt"
	"net/http"
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
	"github.com/perses/perses/pkg/model/api/v1/role"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// rbacAlice is a user with no rights of her own: the bindings of these tests give her some.
var rbacAlice = testbed.ProvisionedUser{Name: "rbac-alice", Password: "rbac-alice-password"}

func rolesServer(t *testing.T) *testbed.Server {
	t.Helper()
	return accServer(t, testbed.ServerOptions{Auth: true, Users: []testbed.ProvisionedUser{rbacAlice}})
}

func adminConfig(s *testbed.Server) string {
	return providerConfig(s, fmt.Sprintf("username = %q", s.AdminUsername), fmt.Sprintf("password = %q", s.AdminPassword))
}

// roleConfig renders a role resource "test" of sc; permissions is HCL.
func roleConfig(sc scope, project, name, permissions string) string {
	projectLine := ""
	if sc.project {
		projectLine = fmt.Sprintf("  project = %q\n", project)
	}
	return fmt.Sprintf("resource %q \"test\" {\n%s  name = %q\n  permissions = %s\n}\n", sc.typeName(), projectLine, name, permissions)
}

// bindingConfig renders a role binding resource "test" of sc; role and subjects are HCL.
func bindingConfig(sc scope, project, name, role, subjects string) string {
	projectLine := ""
	if sc.project {
		projectLine = fmt.Sprintf("  project = %q\n", project)
	}
	return fmt.Sprintf("resource %q \"test\" {\n%s  name = %q\n  role = %s\n  subjects = %s\n}\n", sc.typeName(), projectLine, name, role, subjects)
}

// diagnosticText matches an error diagnostic's summary and detail whatever the CLI's line wrapping.
func diagnosticText(summary, detail string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + flexibleSpaces("Error: "+summary) + `.*` + flexibleSpaces(detail))
}

// TestAccRoleAndBindingLifecycle: for each scope, a role and a binding of it are created,
// updated, imported (by ID; by identity where the CLI has it), survive drift (changed and deleted
// on the server) and end with an empty plan.
func TestAccRoleAndBindingLifecycle(t *testing.T) {
	s := rolesServer(t)
	c := accClient(t, s)
	withIdentity := cliSupports(t, featureIdentity)
	for _, scopes := range [][2]scope{{projectRoleScope, projectRoleBindingScope}, {globalRoleScope, globalRoleBindingScope}} {
		roleScope, bindingScope := scopes[0], scopes[1]
		t.Run(roleScope.typeSuffix(), func(t *testing.T) {
			project := accName("team")
			if roleScope.project {
				createProject(t, s, project)
			}
			roleName, bindingName := accName("reader"), accName("readers")
			roleAddr, bindingAddr := roleScope.typeName()+".test", bindingScope.typeName()+".test"
			config := func(permissions, subjects string) string {
				return adminConfig(s) + roleConfig(roleScope, project, roleName, permissions) +
					bindingConfig(bindingScope, project, bindingName, roleAddr+".name", subjects)
			}
			v1Perms := `[{ actions = ["read"], scopes = ["Datasource", "Dashboard"] }]`
			v2Perms := `[{ actions = ["read", "update"], scopes = ["Dashboard", "Datasource"] }, { actions = ["*"], scopes = ["Variable"] }]`
			alice := fmt.Sprintf(`[{ name = %q }]`, rbacAlice.Name)
			both := fmt.Sprintf(`[{ kind = "User", name = %q }, { name = %q }]`, rbacAlice.Name, s.AdminUsername)
			projectOf := roleScope.projectOf(project)
			importStep := func(addr, id string, kind resource.ImportStateKind) resource.TestStep {
				return resource.TestStep{Config: config(v2Perms, both), ResourceName: addr, ImportState: true, ImportStateKind: kind, ImportStateId: id,
					ImportStateVerify: kind == resource.ImportCommandWithID}
			}
			steps := []resource.TestStep{
				{
					Config: config(v1Perms, alice),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(roleAddr, tfjsonpath.New("id"), knownvalue.StringExact(roleScope.id(project, roleName))),
						statecheck.ExpectKnownValue(roleAddr, tfjsonpath.New("permissions"), knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectExact(map[string]knownvalue.Check{
								"actions": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("read")}),
								"scopes":  knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Datasource"), knownvalue.StringExact("Dashboard")}),
							}),
						})),
						statecheck.ExpectKnownValue(bindingAddr, tfjsonpath.New("subjects"), knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectExact(map[string]knownvalue.Check{"kind": knownvalue.StringExact("User"), "name": knownvalue.StringExact(rbacAlice.Name)}),
						})),
					},
				},
				{
					Config: config(v2Perms, both),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(bindingAddr, plancheck.ResourceActionUpdate),
					}},
				},
				importStep(roleAddr, roleScope.id(project, roleName), resource.ImportCommandWithID),
				importStep(bindingAddr, bindingScope.id(project, bindingName), resource.ImportCommandWithID),
				importStep(roleAddr, roleScope.id(project, roleName), resource.ImportBlockWithID),
				importStep(bindingAddr, bindingScope.id(project, bindingName), resource.ImportBlockWithID),
			}
			if withIdentity {
				steps = append(steps, importStep(roleAddr, "", resource.ImportBlockWithResourceIdentity), importStep(bindingAddr, "", resource.ImportBlockWithResourceIdentity))
			}
			steps = append(steps,
				resource.TestStep{
					// Changed on the server: the plan writes the configuration back.
					PreConfig: func() {
						r := &v1.Role{Metadata: *v1.NewProjectMetadata(projectOf, roleName), Spec: v1.RoleSpec{Permissions: []role.Permission{
							{Actions: []role.Action{role.WildcardAction}, Scopes: []role.Scope{role.WildcardScope}}}}}
						if _, err := c.UpdateRole(context.Background(), r); err != nil {
							t.Fatal(err)
						}
					},
					Config: config(v2Perms, both),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(bindingAddr, plancheck.ResourceActionNoop),
					}},
				},
				resource.TestStep{
					// Deleted on the server: the plan creates it again.
					PreConfig: func() {
						if err := c.DeleteRoleBinding(context.Background(), projectOf, bindingName); err != nil {
							t.Fatal(err)
						}
					},
					Config: config(v2Perms, both),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(bindingAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionNoop),
					}},
				},
				resource.TestStep{
					Config:           config(v2Perms, both),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
			)
			if withIdentity {
				stored := map[string]knownvalue.Check{"name": knownvalue.StringExact(roleName)}
				if roleScope.project {
					stored["project"] = knownvalue.StringExact(project)
				}
				steps[0].ConfigStateChecks = append(steps[0].ConfigStateChecks, statecheck.ExpectIdentity(roleAddr, stored))
			}
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: accProviders, Steps: steps})
		})
	}
}

// statusAs is the status of a GET of path as the user whose token it is.
func statusAs(t *testing.T, s *testbed.Server, token, path string) int {
	t.Helper()
	return requestAs(t, s, token, http.MethodGet, path, "")
}

// TestAccRoleBindingGrantsWhatItSays: logged in as the user a binding names, what the role allows
// succeeds and the rest answers 403; changing the role changes the rights.
func TestAccRoleBindingGrantsWhatItSays(t *testing.T) {
	s := rolesServer(t)
	project, other := accName("team"), accName("other")
	createProject(t, s, project)
	createProject(t, s, other)
	config := func(scopes string) string {
		return adminConfig(s) + roleConfig(projectRoleScope, project, "datasource-reader", fmt.Sprintf(`[{ actions = ["read"], scopes = %s }]`, scopes)) +
			bindingConfig(projectRoleBindingScope, project, "datasource-readers", "perses_role.test.name", fmt.Sprintf(`[{ name = %q }]`, rbacAlice.Name))
	}
	expect := func(want map[string]int) func() {
		return func() {
			token, err := s.LoginAs(context.Background(), rbacAlice.Name, rbacAlice.Password)
			if err != nil {
				t.Fatal(err)
			}
			for path, status := range want {
				if got := statusAs(t, s, token, path); got != status {
					t.Errorf("GET %s as %s: status %d, want %d", path, rbacAlice.Name, got, status)
				}
			}
		}
	}
	datasources, secrets := "/api/v1/projects/"+project+"/datasources", "/api/v1/projects/"+project+"/secrets"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{Config: config(`["Datasource"]`), Check: func(*terraform.State) error {
				expect(map[string]int{datasources: 200, secrets: 403, "/api/v1/projects/" + other + "/datasources": 403, "/api/v1/globalsecrets": 403})()
				return nil
			}},
			{Config: config(`["Datasource", "Secret"]`), Check: func(*terraform.State) error {
				expect(map[string]int{datasources: 200, secrets: 200, "/api/v1/projects/" + other + "/secrets": 403})()
				return nil
			}},
		},
	})
}

// TestAccRoleBindingPlanChecks: a binding to a role or user that neither exists nor is planned,
// or spelled otherwise than the server stores it, fails at plan with its exact diagnostic; a
// role planned in the same configuration passes.
func TestAccRoleBindingPlanChecks(t *testing.T) {
	s := rolesServer(t)
	c := accClient(t, s)
	project := accName("team")
	createProject(t, s, project)
	stored := accName("stored-reader")
	if _, err := c.CreateRole(context.Background(), &v1.Role{Metadata: *v1.NewProjectMetadata(project, stored), Spec: v1.RoleSpec{Permissions: []role.Permission{
		{Actions: []role.Action{role.ReadAction}, Scopes: []role.Scope{role.DashboardScope}}}}}); err != nil {
		t.Fatal(err)
	}
	alice := fmt.Sprintf(`[{ name = %q }]`, rbacAlice.Name)
	binding := func(roleExpr, subjects string) string {
		return adminConfig(s) + bindingConfig(projectRoleBindingScope, project, "readers", roleExpr, subjects)
	}
	upper := strings.ToUpper(stored)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{
				Config: binding(`"missing-role"`, alice), PlanOnly: true,
				ExpectError: diagnosticText("Role Not Found", fmt.Sprintf(
					`The binding names role %q, which is not on the Perses server, and no perses_role of this configuration creates it. Perses would store the binding, and it would grant nothing. `+
						`Create it with a perses_role resource in project %q and reference it (role = perses_role.<name>.name), or fix the name.`, project+"/missing-role", project)),
			},
			{
				Config: binding(fmt.Sprintf("%q", upper), alice), PlanOnly: true,
				ExpectError: diagnosticText("Role Spelled Differently", fmt.Sprintf(
					`The Perses server stores role %q as %q, and matches the role of a binding to that name exactly: a binding to %q would grant nothing. Write role = %q (and name the role resource that way).`,
					project+"/"+upper, stored, upper, stored)),
			},
			{
				Config: binding(fmt.Sprintf("%q", stored), `[{ name = "nobody" }]`), PlanOnly: true,
				ExpectError: diagnosticText("User Not Found",
					`The binding names user "nobody", who is not on the Perses server, and no perses_user of this configuration creates them. Perses would store the binding; it grants nothing until a user of that name exists. `+
						`The server has no OIDC or OAuth login provider, so no user appears by logging in. `+
						`Create the user with a perses_user resource (name = "nobody") and reference it (name = perses_user.<name>.name), or fix the name.`),
			},
			{
				// The role is planned in the same configuration, named by a literal (Terraform may plan the binding first).
				Config:             binding(`"planned-reader"`, alice) + roleConfig(projectRoleScope, project, "planned-reader", `[{ actions = ["read"], scopes = ["Dashboard"] }]`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: adminConfig(s) + roleConfig(projectRoleScope, project, "owner", `[{ actions = ["*"], scopes = ["*"] }]`), PlanOnly: true,
				ExpectError: diagnosticText("Role Already Exists", fmt.Sprintf(
					`Role %q already exists on the Perses server. Perses creates the roles "owner", "editor" and "viewer", and a role binding "owner" of the project's creator, in every project it creates while auth is on. `+
						`Import it to manage it: terraform import perses_role.<name> %s, or an import block { to = perses_role.<name>, id = %q }; or choose another name.`,
					project+"/owner", project+"/owner", project+"/owner")),
			},
			{
				Config: adminConfig(s) + roleConfig(projectRoleScope, project, "global-reader", `[{ actions = ["read"], scopes = ["GlobalDatasource"] }]`), PlanOnly: true,
				ExpectError: diagnosticText("Invalid Permission Scope",
					`permissions[0].scopes[0]: "GlobalDatasource" is a global scope, and Perses refuses it in a project role (a Role grants rights in its project only).`),
			},
		},
	})
}

// TestAccDefaultProjectRoleImport: the owner role Perses creates with a project imports into a
// configuration that writes its permissions, with an empty plan; the data sources read it.
func TestAccDefaultProjectRoleImport(t *testing.T) {
	s := rolesServer(t)
	c := accClient(t, s)
	project := accName("team")
	createProject(t, s, project)
	owner, err := c.GetRole(context.Background(), project, "owner")
	if err != nil {
		t.Fatal(err)
	}
	var perms []string
	for _, p := range owner.Spec.Permissions {
		perms = append(perms, fmt.Sprintf("{ actions = %s, scopes = %s }", hclStrings(p.Actions), hclStrings(p.Scopes)))
	}
	config := adminConfig(s) + strings.Replace(roleConfig(projectRoleScope, project, "owner", "["+strings.Join(perms, ", ")+"]"), `"test"`, `"owner"`, 1)
	dataSources := fmt.Sprintf("data \"perses_role\" \"viewer\" {\n  project = %q\n  name = \"viewer\"\n}\n"+
		"data \"perses_roles\" \"all\" {\n  project = %q\n}\ndata \"perses_global_roles\" \"all\" {}\n", project, project)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{
				Config: config + fmt.Sprintf("import {\n  to = perses_role.owner\n  id = %q\n}\n", project+"/owner"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("perses_role.owner", plancheck.ResourceActionNoop),
				}},
			},
			{
				Config: config + dataSources,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.perses_role.viewer", tfjsonpath.New("id"), knownvalue.StringExact(project+"/viewer")),
					statecheck.ExpectKnownValue("data.perses_roles.all", tfjsonpath.New("roles"), knownvalue.ListPartial(map[int]knownvalue.Check{
						0: knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("editor")}),
						1: knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("owner")}),
						2: knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("viewer")}),
					})),
					statecheck.ExpectKnownValue("data.perses_global_roles.all", tfjsonpath.New("roles"), knownvalue.ListPartial(map[int]knownvalue.Check{
						0: knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("admin")}),
					})),
				},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func hclStrings[T ~string](values []T) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", string(v))
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// TestAccRoleOnServerWithAuthOff: Perses serves no roles with auth off; the plan says so instead
// of the apply's bare 404.
func TestAccRoleOnServerWithAuthOff(t *testing.T) {
	s := accServerAuthOff(t)
	authOff := diagnosticText("Perses Auth Is Off",
		`The Perses server runs with auth off (security.enable_auth: false): it has no global roles (their API answers 404), and grants every request anyway. `+
			`Turn auth on in the Perses configuration (security.enable_auth: true, with an authentication provider), or remove the perses_global_role resources from this configuration.`)
	steps := []resource.TestStep{{
		Config: providerConfig(s) + roleConfig(globalRoleScope, "", "reader", `[{ actions = ["read"], scopes = ["Dashboard"] }]`), PlanOnly: true,
		ExpectError: authOff,
	}}
	if cliSupports(t, featureListResources) {
		// The list resource says the same, not "answered with an error" for the 404.
		steps = append(steps,
			resource.TestStep{Config: providerConfig(s)},
			resource.TestStep{Query: true, Config: listBlock(globalRoleScope, "all", false), ExpectError: authOff})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: accProviders, Steps: steps})
}
