package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/perses/pkg/model/api/v1/secret"

	"github.com/perses/terraform-provider-perses/internal/client"
)

// TestAccSecretLifecycle runs, in both scopes and with the Sensitive form (every CLI has it):
// create with basic auth and TLS, update to OAuth then to an authorization file, import, and
// drift (written and deleted through the API). The empty plan terraform-plugin-testing checks
// after every apply proves that the masked values Perses answers are not reported as drift.
func TestAccSecretLifecycle(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	for _, sc := range []scope{globalSecretScope, projectSecretScope} {
		t.Run(sc.typeSuffix(), func(t *testing.T) {
			project := ""
			if sc.project {
				project = accName("secrets")
				createProject(t, s, project)
			}
			name := accName("credentials")
			address := "perses_" + sc.typeSuffix() + ".test"
			config := func(body string) string { return providerConfig(s) + secretConfig(sc, project, name, body) }
			basicAndTLS := config(`basic_auth = { username = "perses", password = "first-password" }
  tls_config = {
    ca          = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    server_name = "prometheus.internal"
    min_version = "TLS12"
  }`)
			oauth := config(`oauth = {
    client_id       = "perses"
    client_secret   = "oauth-secret"
    token_url       = "https://auth.example.com/oauth2/token"
    scopes          = ["metrics.read"]
    endpoint_params = { audience = ["prometheus"] }
    auth_style      = 2
  }`)
			credentialsFile := config(`authorization = { credentials_file = "/etc/perses/prometheus-token" }`)

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: accProviders,
				CheckDestroy:             checkSecretDestroyed(c, sc),
				Steps: []resource.TestStep{
					{
						Config: basicAndTLS,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact(sc.id(project, name))),
							statecheck.ExpectKnownValue(address, tfjsonpath.New("version"), knownvalue.Int64Exact(0)),
							statecheck.ExpectKnownValue(address, tfjsonpath.New("tls_config").AtMapKey("insecure_skip_verify"), knownvalue.Bool(false)),
						},
						Check: checkStoredSecret(c, project, name, func(spec v1.SecretSpec) error {
							if spec.BasicAuth == nil || spec.BasicAuth.Username != "perses" || spec.BasicAuth.Password != client.MaskedSecretValue ||
								spec.TLSConfig == nil || spec.TLSConfig.ServerName != "prometheus.internal" || spec.TLSConfig.CA != client.MaskedSecretValue {
								return fmt.Errorf("server holds %+v %+v", spec.BasicAuth, spec.TLSConfig)
							}
							return nil
						}),
					},
					{
						Config: oauth,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(address, tfjsonpath.New("version"), knownvalue.Int64Exact(1)),
							statecheck.ExpectKnownValue(address, tfjsonpath.New("tls_config"), knownvalue.Null()),
						},
						Check: checkStoredSecret(c, project, name, func(spec v1.SecretSpec) error {
							o := spec.OAuth
							if spec.BasicAuth != nil || spec.TLSConfig != nil || o == nil || o.ClientSecret != client.MaskedSecretValue ||
								o.AuthStyle != 2 || len(o.Scopes) != 1 || o.EndpointParams["audience"][0] != "prometheus" {
								return fmt.Errorf("server holds %+v", spec)
							}
							return nil
						}),
					},
					{
						Config: credentialsFile,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(address, tfjsonpath.New("authorization").AtMapKey("type"), knownvalue.StringExact("Bearer")),
						},
					},
					{
						// Nothing masked in this configuration: the import reads back all of it.
						ResourceName: address, ImportState: true, ImportStateId: sc.id(project, name), ImportStateVerify: true,
					},
					{
						// Drift: someone writes the secret through the API. Its values cannot be
						// compared, but its version moved: the plan writes the configured ones again.
						PreConfig: func() {
							if _, err := c.UpdateSecret(context.Background(), &v1.Secret{Metadata: *v1.NewProjectMetadata(project, name),
								Spec: v1.SecretSpec{Authorization: &secret.Authorization{Type: "Bearer", Credentials: "changed-in-the-ui"}}}); err != nil {
								t.Fatal(err)
							}
						},
						Config: credentialsFile,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						}},
						Check: checkStoredSecret(c, project, name, func(spec v1.SecretSpec) error {
							if a := spec.Authorization; a == nil || a.Credentials != "" || a.CredentialsFile != "/etc/perses/prometheus-token" {
								return fmt.Errorf("server holds %+v", spec.Authorization)
							}
							return nil
						}),
					},
					{
						// Drift: someone deletes it; the plan creates it again.
						PreConfig: func() {
							if err := c.DeleteSecret(context.Background(), project, name); err != nil {
								t.Fatal(err)
							}
						},
						Config: basicAndTLS,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
						}},
					},
				},
			})
		})
	}
}

func checkStoredSecret(c *client.Client, project, name string, check func(v1.SecretSpec) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		s, err := c.GetSecret(context.Background(), project, name)
		if err != nil {
			return err
		}
		return check(s.Spec)
	}
}

// TestAccSecretImportTakesValuesFromConfiguration: a secret made outside Terraform is imported
// by ID; Perses gives no value back, so the next plan shows the configured password as a
// change, and the apply writes it (the version moves).
func TestAccSecretImportTakesValuesFromConfiguration(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	project, name := accName("import"), accName("credentials")
	createProject(t, s, project)
	if _, err := c.CreateSecret(context.Background(), &v1.Secret{Metadata: *v1.NewProjectMetadata(project, name),
		Spec: v1.SecretSpec{BasicAuth: &secret.BasicAuth{Username: "perses", Password: "made-elsewhere"}}}); err != nil {
		t.Fatal(err)
	}
	address := "perses_project_secret.test"
	config := providerConfig(s) + secretConfig(projectSecretScope, project, name, sensitiveForm.basicAuth("perses", `"from-configuration"`, 0))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{
				Config: config, ResourceName: address, ImportState: true, ImportStateId: project + "/" + name, ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["basic_auth.username"] != "perses" || states[0].Attributes["basic_auth.password"] != "" {
						return fmt.Errorf("imported state = %v", states)
					}
					return nil
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("version"), knownvalue.Int64Exact(1)),
				},
			},
		},
	})
}

// TestAccSecretWriteOnlyForm: with a CLI that supports write-only attributes, the password is
// neither in the state nor compared: a new value alone plans nothing, a new version sends it.
// Terraform 1.8.5 refuses the form: the test asserts that refusal (the guide tells its users
// to write the Sensitive form).
func TestAccSecretWriteOnlyForm(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	name := accName("write-only")
	address := "perses_global_secret.test"
	config := func(password string, version int) string {
		return providerConfig(s) + secretConfig(globalSecretScope, "", name, writeOnlyForm.basicAuth("perses", strconv.Quote(password), version))
	}
	if !cliSupports(t, featureWriteOnly) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: accProviders,
			Steps:                    []resource.TestStep{{Config: config("first-password", 1), ExpectError: writeOnlyRefusal}},
		})
		return
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		CheckDestroy:             checkSecretDestroyed(c, globalSecretScope),
		Steps: []resource.TestStep{
			{
				Config: config("first-password", 1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("basic_auth").AtMapKey("password_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("basic_auth").AtMapKey("password"), knownvalue.Null()),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("basic_auth").AtMapKey("password_wo_version"), knownvalue.Int64Exact(1)),
				},
			},
			{
				// A new value with the same version: Terraform cannot see it, nothing is planned.
				Config: config("second-password", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop),
				}},
			},
			{
				Config: config("second-password", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("version"), knownvalue.Int64Exact(1)),
				},
			},
			{
				ResourceName: address, ImportState: true, ImportStateId: name, ImportStateVerify: true,
				// Perses gives no value back: after an import the version comes from the configuration.
				ImportStateVerifyIgnore: []string{"basic_auth.password_wo_version"},
			},
		},
	})
}

// TestAccSecretFormsConflictAtPlan: the Sensitive and write-only forms of one value together are
// refused at plan time, naming both (Terraform 1.8.5 also refuses the write-only attribute).
func TestAccSecretFormsConflictAtPlan(t *testing.T) {
	s := accServerAuthOff(t)
	config := providerConfig(s) + secretConfig(globalSecretScope, "", accName("conflict"), `basic_auth = {
    username            = "perses"
    password            = "a"
    password_wo         = "a"
    password_wo_version = 1
  }`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: config, PlanOnly: true,
			ExpectError: regexp.MustCompile(`(?s)` + flexibleSpaces(`Error: Conflicting Secret Value Forms`) + `.*` + flexibleSpaces(
				`basic_auth.password_wo and basic_auth.password are both set, but they are forms of the same password and Perses takes one. Keep one of them: `+passwordChoices+`.`)),
		}},
	})
}

func TestAccSecretImportRejectsMalformedID(t *testing.T) {
	s := accServerAuthOff(t)
	for _, tc := range []struct {
		sc   scope
		id   string
		want string
	}{
		{globalSecretScope, "a/b", `(?s)"a/b" is not a global secret import ID.*Write it as <name>, e.g.\s+terraform\s+import\s+perses_global_secret.example\s+prometheus-credentials`},
		{projectSecretScope, "prometheus-credentials", `(?s)"prometheus-credentials" is not a project secret import ID.*Write it as <project>/<name>, e.g.\s+terraform\s+import\s+perses_project_secret.example\s+checkout/prometheus-credentials`},
	} {
		t.Run(tc.sc.typeSuffix(), func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: accProviders,
				Steps: []resource.TestStep{{
					Config:        providerConfig(s) + secretConfig(tc.sc, "checkout", "prometheus-credentials", `authorization = { credentials_file = "/t" }`),
					ResourceName:  "perses_" + tc.sc.typeSuffix() + ".test",
					ImportState:   true,
					ImportStateId: tc.id,
					ExpectError:   regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

// TestAccSecretProjectMustExist: Perses answers 400 for a secret in a missing project; the error
// says to create the project.
func TestAccSecretProjectMustExist(t *testing.T) {
	s := accServerAuthOff(t)
	project := accName("missing")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(s) + secretConfig(projectSecretScope, project, "prometheus-credentials", `authorization = { credentials_file = "/t" }`),
			ExpectError: regexp.MustCompile(`(?s)` + flexibleSpaces(`Error: Cannot Create Perses Secret`) + `.*` +
				flexibleSpaces(`Project "`+project+`" does not exist on the Perses server, so project secret "`+project+
					`/prometheus-credentials" cannot be stored in it. Create the project first (resource perses_project, or percli) or fix the project attribute.`)),
		}},
	})
}
