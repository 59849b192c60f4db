package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/perses/pkg/model/api/v1/secret"
)

// TestAccProjectDataSource reads a project by name (spelled with capitals, as the server keeps
// it lowercased), and names a missing one in its error.
func TestAccProjectDataSource(t *testing.T) {
	s := accServerAuthOff(t)
	name := accName("read")
	missing := accName("missing")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{
				Config: providerConfig(s) + fmt.Sprintf(`
resource "perses_project" "team" {
  name         = %q
  display_name = "The team"
}
data "perses_project" "team" {
  name = upper(perses_project.team.name)
}
`, name),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.perses_project.team", tfjsonpath.New("id"), knownvalue.StringExact(strings.ToUpper(name))),
					statecheck.ExpectKnownValue("data.perses_project.team", tfjsonpath.New("display_name"), knownvalue.StringExact("The team")),
					statecheck.ExpectKnownValue("data.perses_project.team", tfjsonpath.New("description"), knownvalue.Null()),
				},
			},
			{
				Config: providerConfig(s) + fmt.Sprintf(`data "perses_project" "missing" { name = %q }`, missing),
				ExpectError: regexp.MustCompile(`(?s)` + flexibleSpaces(`Error: Perses Project Not Found`) + `.*` + flexibleSpaces(
					`There is no project "`+missing+`" on the Perses server (or the provider's credentials cannot see it). `+
						`Check the name; list the projects the credentials can see with the perses_projects data source.`)),
			},
		},
	})
}

// TestAccProjectDestroyPlanWarnsAboutContent: the plan that destroys a project, and the one that
// replaces it (new name), show a warning listing what Perses deletes with it, including what
// Terraform does not manage: here 22 datasources (20 named, then a count) and a secret created
// through the API.
func TestAccProjectDestroyPlanWarnsAboutContent(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	project := accName("doomed")
	w := newCLIWorkspace(t)
	config := func(name string) string {
		return providerConfig(s) + fmt.Sprintf("resource \"perses_project\" \"team\" {\n  name = %q\n}\n", name)
	}
	w.writeConfig(t, config(project))
	w.mustRun(t, nil, "init", "-input=false", "-no-color")
	w.mustRun(t, nil, "apply", "-input=false", "-no-color", "-auto-approve")
	t.Cleanup(func() { _ = c.DeleteProject(context.Background(), project) })

	ctx := context.Background()
	var names []string
	for i := range 22 {
		name := fmt.Sprintf("ds-%02d", i)
		names = append(names, fmt.Sprintf("%q", name))
		ds := &v1.Datasource{Metadata: *v1.NewProjectMetadata(project, name)}
		ds.Spec.Plugin.Kind = "PrometheusDatasource"
		ds.Spec.Plugin.Spec = map[string]any{"directUrl": "https://prometheus.example.com"}
		if _, err := c.CreateDatasource(ctx, ds); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CreateSecret(ctx, &v1.Secret{Metadata: *v1.NewProjectMetadata(project, "team-credentials"),
		Spec: v1.SecretSpec{Authorization: &secret.Authorization{Credentials: "x"}}}); err != nil {
		t.Fatal(err)
	}
	warning := func(action string) *regexp.Regexp {
		return regexp.MustCompile(`(?s)` + flexibleSpaces(`Warning: Project Content Will Be Deleted`) + `.*` + flexibleSpaces(fmt.Sprintf(
			`This plan %s project %q. Perses deletes everything in a project with it, including objects Terraform does not manage: `+
				`- datasources: 22 (%s and 2 more) - secrets: 1 ("team-credentials") - and its dashboards, folders, variables, roles and role bindings. `+
				`If any of them must survive, move them to another project (or export them with percli get) before applying.`,
			action, project, strings.Join(names[:20], ", "))))
	}
	if out := w.mustRun(t, nil, "plan", "-destroy", "-input=false", "-no-color"); !warning("destroys").Match(out) {
		t.Errorf("the destroy plan does not show the warning:\n%s", out)
	}
	w.writeConfig(t, config(project+"-renamed"))
	if out := w.mustRun(t, nil, "plan", "-input=false", "-no-color"); !warning("replaces").Match(out) {
		t.Errorf("the replacing plan does not show the warning:\n%s", out)
	}
	// A plan that keeps the project (a case-only change is an update in place) warns of nothing.
	w.writeConfig(t, config(strings.ToUpper(project)))
	if out := w.mustRun(t, nil, "plan", "-input=false", "-no-color"); strings.Contains(string(out), "Project Content Will Be Deleted") {
		t.Errorf("a plan that keeps the project warns:\n%s", out)
	}
}
