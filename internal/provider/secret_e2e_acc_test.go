package provider

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// End to end with a real protected backend: Debian's Prometheus behind basic auth, queried
// through the Perses proxy of datasources whose proxy.secret names a secret managed here.

// applicableForms are the forms of a secret value the CLI of the acceptance tests can apply:
// the Sensitive one always, the write-only one from Terraform/OpenTofu 1.11 on.
func applicableForms(t *testing.T) []secretForm {
	if cliSupports(t, featureWriteOnly) {
		return []secretForm{sensitiveForm, writeOnlyForm}
	}
	return []secretForm{sensitiveForm}
}

// protectedPrometheusConfig is a project, a global and a project secret holding a password for
// Prometheus' user (passwordExpr: an HCL expression), and a global and a project Prometheus
// datasource using them.
func protectedPrometheusConfig(s *testbed.Server, prom *testbed.Prometheus, form secretForm, project, global, local, passwordExpr string, version int) string {
	auth := form.basicAuth(prom.Username, passwordExpr, version)
	return providerConfig(s) + fmt.Sprintf(`
resource "perses_project" "team" {
  name = %[1]q
}

resource "perses_global_secret" "prometheus" {
  name = %[2]q
  %[5]s
}

resource "perses_project_secret" "prometheus" {
  project = perses_project.team.name
  name    = %[3]q
  %[5]s
}

resource "perses_global_datasource" "prometheus" {
  name       = %[2]q
  prometheus = { proxy = { url = %[4]q, secret = perses_global_secret.prometheus.name } }
}

resource "perses_project_datasource" "prometheus" {
  project    = perses_project.team.name
  name       = %[3]q
  prometheus = { proxy = { url = %[4]q, secret = perses_project_secret.prometheus.name } }
}
`, project, global, local, prom.URL, auth)
}

// TestAccSecretProxyQueriesProtectedPrometheus: with the right password in the secrets, a query
// through the proxy of the global and of the project datasource succeeds; with a wrong one,
// Prometheus answers 401 through the proxy. Each form the CLI supports is tried.
func TestAccSecretProxyQueriesProtectedPrometheus(t *testing.T) {
	s := accServerAuthOff(t)
	prom := testbed.StartTestPrometheus(t, testbed.PrometheusOptions{Username: "perses", Password: "prometheus-password"})
	for _, form := range applicableForms(t) {
		t.Run(form.name, func(t *testing.T) {
			project, global, local := accName("e2e"), accName("prometheus"), accName("prometheus")
			datasources := [][2]string{{"", global}, {project, local}}
			config := func(password string, version int) string {
				return protectedPrometheusConfig(s, prom, form, project, global, local, strconv.Quote(password), version)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: accProviders,
				Steps: []resource.TestStep{
					{Config: config("prometheus-password", 1), Check: expectProxyStatus(t, s, http.StatusOK, datasources...)},
					{Config: config("wrong-password", 2), Check: expectProxyStatus(t, s, http.StatusUnauthorized, datasources...)},
				},
			})
		})
	}
}

// TestAccSecretRotationChangesWhatServerHolds rotates Prometheus' password and the secrets'.
// Write-only form: a new value alone plans nothing and Perses keeps the old password (the query
// fails against the rotated Prometheus); a new *_wo_version sends it (the query succeeds), and
// the old password no longer works. Sensitive form: a new value is a change, sent at once.
// Terraform 1.8.5 refuses the write-only form: that refusal is asserted instead.
func TestAccSecretRotationChangesWhatServerHolds(t *testing.T) {
	s := accServerAuthOff(t)
	prom := testbed.StartTestPrometheus(t, testbed.PrometheusOptions{Username: "perses", Password: "old-password"})
	setPassword := func(password string) func() {
		return func() {
			if err := prom.SetPassword(password); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !cliSupports(t, featureWriteOnly) {
		t.Run("write-only refused", func(t *testing.T) {
			config := protectedPrometheusConfig(s, prom, writeOnlyForm, accName("rotate"), accName("prometheus"), accName("prometheus"), `"old-password"`, 1)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: accProviders,
				Steps:                    []resource.TestStep{{Config: config, ExpectError: writeOnlyRefusal}},
			})
		})
	}
	for _, form := range applicableForms(t) {
		t.Run(form.name, func(t *testing.T) {
			project, global, local := accName("rotate"), accName("prometheus"), accName("prometheus")
			datasources := [][2]string{{"", global}, {project, local}}
			config := func(password string, version int) string {
				return protectedPrometheusConfig(s, prom, form, project, global, local, strconv.Quote(password), version)
			}
			steps := []resource.TestStep{{
				PreConfig: setPassword("old-password"),
				Config:    config("old-password", 1),
				Check:     expectProxyStatus(t, s, http.StatusOK, datasources...),
			}}
			if form.name == writeOnlyForm.name {
				steps = append(steps, resource.TestStep{
					PreConfig: setPassword("new-password"),
					Config:    config("new-password", 1),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("perses_global_secret.prometheus", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("perses_project_secret.prometheus", plancheck.ResourceActionNoop),
					}},
					Check: expectProxyStatus(t, s, http.StatusUnauthorized, datasources...),
				})
			}
			steps = append(steps,
				resource.TestStep{
					PreConfig: setPassword("new-password"),
					Config:    config("new-password", 2),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("perses_global_secret.prometheus", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("perses_project_secret.prometheus", plancheck.ResourceActionUpdate),
					}},
					Check: expectProxyStatus(t, s, http.StatusOK, datasources...),
				},
				resource.TestStep{
					// Perses no longer holds the old password: a Prometheus that wants it refuses.
					PreConfig: setPassword("old-password"),
					Config:    config("new-password", 2),
					Check:     expectProxyStatus(t, s, http.StatusUnauthorized, datasources...),
				},
			)
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: accProviders, Steps: steps})
		})
	}
}
