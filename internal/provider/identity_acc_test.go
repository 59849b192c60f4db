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
)

// identityCase is one resource type, written with capitals in its name (and project).
type identityCase struct {
	scope scope
	// config declares the resource "test" (and the project it lives in) for project and name.
	config func(project, name string) string
	// writesOnImport: an import plans writing (a secret's values, which Perses never gives back).
	writesOnImport bool
}

func identityCases() []identityCase {
	projectBlock := func(project string) string {
		return fmt.Sprintf("resource \"perses_project\" \"team\" {\n  name = %q\n}\n", project)
	}
	secret := func(sc scope) func(project, name string) string {
		return func(project, name string) string {
			out := secretConfig(sc, project, name, sensitiveForm.basicAuth("perses", `"identity-test-password"`, 0))
			if sc.project {
				out = projectBlock(project) + strings.Replace(out, fmt.Sprintf("project = %q", project), "project = perses_project.team.name", 1)
			}
			return out
		}
	}
	datasource := func(sc scope) func(project, name string) string {
		return func(project, name string) string {
			out := datasourceConfig(sc, project, name, "", "loki", `{ direct_url = "https://loki.example.com" }`)
			if sc.project {
				out = projectBlock(project) + strings.Replace(out, fmt.Sprintf("project = %q", project), "project = perses_project.team.name", 1)
			}
			return out
		}
	}
	return []identityCase{
		{scope: projectsScope, config: func(_, name string) string {
			return fmt.Sprintf("resource \"perses_project\" \"test\" {\n  name = %q\n  display_name = \"Team\"\n}\n", name)
		}},
		{scope: globalScope, config: datasource(globalScope)},
		{scope: projectScope, config: datasource(projectScope)},
		{scope: globalSecretScope, config: secret(globalSecretScope), writesOnImport: true},
		{scope: projectSecretScope, config: secret(projectSecretScope), writesOnImport: true},
	}
}

// TestAccResourceIdentity: every resource records its identity as the server stores it (a server
// whose database is not case-sensitive lowercases it), and imports by identity (Terraform and
// OpenTofu 1.12+) and by ID in any spelling into a configuration that writes capitals: the plan
// keeps the stored spelling and writes nothing (but a secret's values, which Perses never gives
// back). CLIs without identity refuse an import block with identity.
func TestAccResourceIdentity(t *testing.T) {
	s := accServerAuthOff(t)
	withIdentity := cliSupports(t, featureIdentity)
	for _, tc := range identityCases() {
		t.Run(tc.scope.typeSuffix(), func(t *testing.T) {
			project, name := accName("Team"), accName("Obj-Identity")
			if tc.scope.object == projectObject {
				name = accName("Team-Identity")
			}
			config := providerConfig(s) + tc.config(project, name)
			addr := tc.scope.typeName() + ".test"
			stored := map[string]knownvalue.Check{"name": knownvalue.StringExact(strings.ToLower(name))}
			if tc.scope.project {
				stored["project"] = knownvalue.StringExact(strings.ToLower(project))
			}
			var importChecks []plancheck.PlanCheck
			if tc.writesOnImport {
				importChecks = []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}
			}
			importStep := func(kind resource.ImportStateKind, id string) resource.TestStep {
				return resource.TestStep{
					Config: config, ResourceName: addr, ImportState: true, ImportStateKind: kind, ImportStateId: id,
					ExpectNonEmptyPlan: tc.writesOnImport,
					ImportPlanChecks:   resource.ImportPlanChecks{PreApply: importChecks},
				}
			}
			steps := []resource.TestStep{
				{Config: config},
				// The server's listed ID (lowercased), and the configuration's spelling.
				importStep(resource.ImportBlockWithID, strings.ToLower(tc.scope.id(project, name))),
				importStep(resource.ImportBlockWithID, tc.scope.id(project, name)),
			}
			if withIdentity {
				steps[0].ConfigStateChecks = []statecheck.StateCheck{statecheck.ExpectIdentity(addr, stored)}
				steps = append(steps, importStep(resource.ImportBlockWithResourceIdentity, ""))
			} else {
				identity := fmt.Sprintf("name = %q", strings.ToLower(name))
				if tc.scope.project {
					identity += fmt.Sprintf(", project = %q", strings.ToLower(project))
				}
				steps = append(steps, resource.TestStep{
					Config:      config + fmt.Sprintf("import {\n  to = %s\n  identity = { %s }\n}\n", addr, identity),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(`An argument named "identity" is not expected here`),
				}, resource.TestStep{Config: config})
			}
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: accProviders, Steps: steps})
		})
	}
}
