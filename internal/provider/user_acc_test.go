package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// userPasswordForm is one way of writing the password of a perses_user.
type userPasswordForm struct {
	name string
	// lines renders the password attributes for an HCL expression and a version (write-only only).
	lines func(passwordExpr string, version int) string
}

var (
	userSensitiveForm = userPasswordForm{name: "sensitive", lines: func(expr string, _ int) string {
		return fmt.Sprintf("  password = %s\n", expr)
	}}
	userWriteOnlyForm = userPasswordForm{name: "write-only", lines: func(expr string, version int) string {
		return fmt.Sprintf("  password_wo         = %s\n  password_wo_version = %d\n", expr, version)
	}}
)

// userForms are the password forms the tested CLI can apply: the Sensitive one always, the
// write-only one from Terraform/OpenTofu 1.11.
func userForms(t *testing.T) []userPasswordForm {
	if cliSupports(t, featureWriteOnly) {
		return []userPasswordForm{userSensitiveForm, userWriteOnlyForm}
	}
	return []userPasswordForm{userSensitiveForm}
}

// userConfig renders a perses_user "test"; names are omitted when empty.
func userConfig(name, first, last string, password string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"perses_user\" \"test\" {\n  name = %q\n", name)
	if first != "" {
		fmt.Fprintf(&b, "  first_name = %q\n", first)
	}
	if last != "" {
		fmt.Fprintf(&b, "  last_name = %q\n", last)
	}
	return b.String() + password + "}\n"
}

// expectLogin checks that name logs in with each password of ok, and is refused with each of refused.
func expectLogin(s *testbed.Server, name string, ok []string, refused ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, p := range ok {
			if _, err := s.LoginAs(context.Background(), name, p); err != nil {
				return fmt.Errorf("login as %s with %q: %w", name, p, err)
			}
		}
		for _, p := range refused {
			_, err := s.LoginAs(context.Background(), name, p)
			if err == nil {
				return fmt.Errorf("login as %s with the old password %q succeeded, want 400 wrong login or password", name, p)
			}
			if !strings.Contains(err.Error(), "wrong login or password") {
				return fmt.Errorf("login as %s with the old password %q: %w, want 400 wrong login or password", name, p, err)
			}
		}
		return nil
	}
}

func checkUserDestroyed(c *client.Client, name string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, err := c.GetUser(context.Background(), name)
		if err == nil {
			return fmt.Errorf("user %s still exists after destroy", name)
		}
		if !errors.Is(err, client.ErrNotFound) {
			return fmt.Errorf("user %s after destroy: %w, want not found", name, err)
		}
		return nil
	}
}

// TestAccUserLifecycle: for each password form the CLI has, a user is created, renamed (first
// and last name), given a new password (a new value, and a new version for the write-only
// form: the new password logs in, the old one no longer), imported (by ID, import block, and
// identity where the CLI has it), survives drift (changed and deleted on the server), loses its
// last name (a replacement: Perses cannot clear it) and is destroyed.
func TestAccUserLifecycle(t *testing.T) {
	s := rolesServer(t)
	c := accClient(t, s)
	for _, form := range userForms(t) {
		t.Run(form.name, func(t *testing.T) {
			name, addr := accName("user"), "perses_user.test"
			first, second := "first-"+name, "second-"+name
			config := func(firstName, lastName, password string, version int) string {
				return adminConfig(s) + userConfig(name, firstName, lastName, form.lines(fmt.Sprintf("%q", password), version))
			}
			writeOnly := form.name == userWriteOnlyForm.name
			passwordChecks := []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("password_wo"), knownvalue.Null())}
			if writeOnly {
				passwordChecks = append(passwordChecks, statecheck.ExpectKnownValue(addr, tfjsonpath.New("password"), knownvalue.Null()))
			}
			importStep := func(kind resource.ImportStateKind, id string) resource.TestStep {
				step := resource.TestStep{Config: config("Ada", "Lovelace", second, 2), ResourceName: addr, ImportState: true, ImportStateKind: kind,
					ImportStateId: id, ImportStateVerify: kind == resource.ImportCommandWithID,
					// Perses gives no password back: after an import it comes from the configuration.
					ImportStateVerifyIgnore: []string{"password", "password_wo_version"}}
				if kind != resource.ImportCommandWithID {
					// The plan of an import block sends the configured password: an update.
					step.ExpectNonEmptyPlan = true
					step.ImportPlanChecks.PreApply = []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}
				}
				return step
			}
			steps := []resource.TestStep{
				{
					Config: config("Ada", "Byron", first, 1),
					Check:  expectLogin(s, name, []string{first}),
					ConfigStateChecks: append([]statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(name)),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("first_name"), knownvalue.StringExact("Ada")),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_name"), knownvalue.StringExact("Byron")),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("version"), knownvalue.Int64Exact(0)),
					}, passwordChecks...),
				},
				{
					Config:           config("Ada", "Lovelace", first, 1),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
					Check:            expectLogin(s, name, []string{first}),
				},
			}
			if writeOnly {
				// A new value with the same version: Terraform cannot see it, nothing is planned.
				steps = append(steps, resource.TestStep{
					Config:           config("Ada", "Lovelace", second, 1),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop)}},
					Check:            expectLogin(s, name, []string{first}),
				})
			}
			steps = append(steps,
				resource.TestStep{
					Config:           config("Ada", "Lovelace", second, 2),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
					Check:            expectLogin(s, name, []string{second}, first),
				},
				importStep(resource.ImportCommandWithID, name),
				importStep(resource.ImportBlockWithID, name),
			)
			if cliSupports(t, featureIdentity) {
				steps = append(steps, importStep(resource.ImportBlockWithResourceIdentity, ""))
				steps[0].ConfigStateChecks = append(steps[0].ConfigStateChecks, statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"name": knownvalue.StringExact(name)}))
			}
			steps = append(steps,
				resource.TestStep{
					// Renamed on the server (its password kept): the plan writes the names and the password back.
					PreConfig: func() {
						u := &v1.User{Metadata: v1.Metadata{Name: name}, Spec: v1.UserSpec{FirstName: "Augusta", LastName: "King"}}
						if _, err := c.UpdateUser(context.Background(), u); err != nil {
							t.Fatal(err)
						}
					},
					Config:           config("Ada", "Lovelace", second, 2),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("first_name"), knownvalue.StringExact("Ada")),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_name"), knownvalue.StringExact("Lovelace")),
					},
					Check: expectLogin(s, name, []string{second}),
				},
				resource.TestStep{
					// Deleted on the server: it leaves the state, and the plan creates it again.
					PreConfig: func() {
						if err := c.DeleteUser(context.Background(), name); err != nil {
							t.Fatal(err)
						}
					},
					Config:           config("Ada", "Lovelace", second, 2),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)}},
					Check:            expectLogin(s, name, []string{second}),
				},
				resource.TestStep{
					// Perses keeps a name an update leaves empty: removing it replaces the user.
					Config: config("Ada", "", second, 2),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)}},
					ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_name"), knownvalue.Null())},
					Check: resource.ComposeTestCheckFunc(expectLogin(s, name, []string{second}), func(*terraform.State) error {
						u, err := c.GetUser(context.Background(), name)
						if err != nil {
							return err
						}
						if u.Spec.LastName != "" {
							return fmt.Errorf("after removing last_name the server holds last name %q, want none", u.Spec.LastName)
						}
						return nil
					}),
				},
				resource.TestStep{
					Config:           config("Ada", "", second, 2),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
			)
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: accProviders, CheckDestroy: checkUserDestroyed(c, name), Steps: steps})
		})
	}
}

// TestAccUserWriteOnlyRefusedBeforeTerraform111: a CLI without write-only attributes refuses
// password_wo with the framework's message (the documentation then says to write password).
func TestAccUserWriteOnlyRefusedBeforeTerraform111(t *testing.T) {
	s := rolesServer(t)
	config := adminConfig(s) + userConfig(accName("user"), "", "", userWriteOnlyForm.lines(`"a-password"`, 1))
	if cliSupports(t, featureWriteOnly) {
		// The form works on this CLI (TestAccUserLifecycle applies it): here only its plan.
		resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: accProviders,
			Steps: []resource.TestStep{{Config: config, PlanOnly: true, ExpectNonEmptyPlan: true}}})
		return
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{Config: config, PlanOnly: true, ExpectError: writeOnlyRefusalOf("password_wo")}}})
}

// TestAccUserBoundInSameApply: a role binding naming a user that the same configuration creates
// passes the plan (the user is planned), and the user, logging in with the configured password,
// has exactly what the binding grants: the role's read of datasources, not secrets.
func TestAccUserBoundInSameApply(t *testing.T) {
	s := rolesServer(t)
	project, user, password := accName("team"), accName("reader"), "reader-password"
	createProject(t, s, project)
	form := userSensitiveForm
	if cliSupports(t, featureWriteOnly) {
		form = userWriteOnlyForm
	}
	// The binding names the user by a literal: Terraform may plan it before the user.
	config := adminConfig(s) + userConfig(user, "Reader", "", form.lines(fmt.Sprintf("%q", password), 1)) +
		roleConfig(projectRoleScope, project, "datasource-reader", `[{ actions = ["read"], scopes = ["Datasource"] }]`) +
		bindingConfig(projectRoleBindingScope, project, "datasource-readers", "perses_role.test.name", fmt.Sprintf(`[{ name = %q }]`, user))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: config,
			Check: func(*terraform.State) error {
				token, err := s.LoginAs(context.Background(), user, password)
				if err != nil {
					return err
				}
				for path, want := range map[string]int{
					"/api/v1/projects/" + project + "/datasources": 200,
					"/api/v1/projects/" + project + "/secrets":     403,
				} {
					if got := statusAs(t, s, token, path); got != want {
						return fmt.Errorf("GET %s as %s: status %d, want %d", path, user, got, want)
					}
				}
				return nil
			},
		}},
	})
}

// TestAccUserPlanChecks: bad input fails at plan with its exact diagnostic.
func TestAccUserPlanChecks(t *testing.T) {
	s := rolesServer(t)
	password := userSensitiveForm.lines(`"a-password"`, 0)
	conflict := `  password            = "a"
  password_wo         = "a"
  password_wo_version = 1
`
	choices := "password_wo with password_wo_version (Terraform 1.11+ / OpenTofu 1.11+, never stored in the state) or password (older CLIs, stored in the state)"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{
				Config: adminConfig(s) + userConfig("", "", "", password), PlanOnly: true,
				ExpectError: diagnosticText("Invalid Name",
					`name is empty, which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-". Write a name such as "alice".`),
			},
			{
				Config: adminConfig(s) + userConfig("ada lovelace", "", "", password), PlanOnly: true,
				ExpectError: diagnosticText("Invalid Name",
					`name is "ada lovelace", which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-". Write "ada-lovelace".`),
			},
			{
				Config: adminConfig(s) + userConfig(accName("user"), "", "", conflict), PlanOnly: true,
				ExpectError: diagnosticText("Conflicting Secret Value Forms",
					`password_wo and password are both set, but they are forms of the same password and Perses takes one. Keep one of them: `+choices+`.`),
			},
			{
				Config: adminConfig(s) + userConfig(accName("user"), "", "", ""), PlanOnly: true,
				ExpectError: diagnosticText("Missing Secret Value",
					`perses_user needs a password, and none of password_wo and password is set. Set one of them: `+choices+`.`),
			},
			{
				Config: adminConfig(s) + userConfig(accName("user"), "", "", `  password = ""`+"\n"), PlanOnly: true,
				ExpectError: diagnosticText("Empty Value",
					`password is empty: the provider does not send empty values to Perses, so it would read back as unset. Remove password, or give it a value.`),
			},
			{
				Config: adminConfig(s) + userConfig(rbacAlice.Name, "", "", password), PlanOnly: true,
				ExpectError: diagnosticText("User Already Exists", fmt.Sprintf(
					`User %q already exists on the Perses server. Import it to manage it: terraform import perses_user.<name> %s, or an import block { to = perses_user.<name>, id = %q }; or choose another name.`,
					rbacAlice.Name, rbacAlice.Name, rbacAlice.Name)),
			},
		},
	})
}

// TestAccUserOnServerWithAuthOff: Perses stores users with auth off, but nobody can log in as
// them; the plan says so.
func TestAccUserOnServerWithAuthOff(t *testing.T) {
	s := accServerAuthOff(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(s) + userConfig("alice", "", "", userSensitiveForm.lines(`"a-password"`, 0)), PlanOnly: true,
			ExpectError: diagnosticText("Perses Auth Is Off",
				`The Perses server runs with auth off (security.enable_auth: false): it stores users, but nobody can log in as them (its login API answers 404), and it grants every request anyway. `+
					`Turn auth on in the Perses configuration (security.enable_auth: true, with an authentication provider), or remove the perses_user resources from this configuration.`),
		}},
	})
}

// TestAccUserOfOAuthProviderNotManaged: a user an OAuth provider made (stored as its first login
// stores it) is refused at import, since an apply would make it a native user; the data sources
// read it.
func TestAccUserOfOAuthProviderNotManaged(t *testing.T) {
	s := oauthUsersServer(t)
	name := accName("oauth")
	u := v1.User{Kind: v1.KindUser, Metadata: v1.Metadata{Name: name}, Spec: v1.UserSpec{FirstName: "Grace",
		OauthProviders: []v1.OAuthProvider{{Issuer: "https://issuer.example.com", Email: name + "@example.com", Subject: name}}}}
	storeOAuthUser(t, s, u)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{
				Config: adminConfig(s) + userConfig(name, "Grace", "", userSensitiveForm.lines(`"a-password"`, 0)) +
					fmt.Sprintf("import {\n  to = perses_user.test\n  id = %q\n}\n", name),
				PlanOnly: true,
				ExpectError: diagnosticText("User Logs In Through OIDC or OAuth", fmt.Sprintf(
					`User %q on the Perses server logs in through an OIDC or OAuth provider (issuer "https://issuer.example.com"), which created it at its first login; it has no password. `+
						`perses_user manages native users: applying it would send a password, and Perses would then make %q a native user and drop its link to the provider. `+
						`Do not manage this user with perses_user: remove the resource or its import block (terraform state rm perses_user.<name> if it is in the state). `+
						`Bind it by name in role bindings (subjects = [{ name = %q }]), and read it with the perses_user data source.`, name, name, name)),
			},
			{
				Config: adminConfig(s) + fmt.Sprintf("data \"perses_user\" \"oauth\" {\n  name = %q\n}\ndata \"perses_users\" \"all\" {}\n", name),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.perses_user.oauth", tfjsonpath.New("id"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue("data.perses_user.oauth", tfjsonpath.New("first_name"), knownvalue.StringExact("Grace")),
					statecheck.ExpectKnownValue("data.perses_user.oauth", tfjsonpath.New("last_name"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckTypeSetElemAttr("data.perses_users.all", "names.*", name),
					resource.TestCheckTypeSetElemAttr("data.perses_users.all", "names.*", rbacAlice.Name),
					resource.TestCheckTypeSetElemAttr("data.perses_users.all", "names.*", s.AdminUsername),
				),
			},
		},
	})
}

// oauthUsersServer is rolesServer on the file database whatever the run's (make testacc-mariadb):
// storeOAuthUser writes into its folder.
func oauthUsersServer(t *testing.T) *testbed.Server {
	t.Helper()
	return accServer(t, testbed.ServerOptions{Auth: true, Users: []testbed.ProvisionedUser{rbacAlice}, Database: testbed.DatabaseFile})
}

// storeOAuthUser stores u as an OIDC or OAuth provider's first login does: no API creates such a
// user (POST needs a password), so it goes straight into the file database of s.
func storeOAuthUser(t *testing.T, s *testbed.Server, u v1.User) {
	t.Helper()
	data, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.DataDir, "users", u.Metadata.Name+".json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
}
