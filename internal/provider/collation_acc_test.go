package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// TestAccDatasourceNameCollidingByCaseFailsAtPlan: on MariaDB's default case-insensitive
// collation with case_sensitive: true, "prom" collides with an unmanaged "Prom" (GET prom answers
// the Prom document, POST prom 409): the plan says so, naming both spellings and the collation,
// in both scopes. On a file database with case_sensitive: true the same configuration applies:
// the server keeps the two apart.
func TestAccDatasourceNameCollidingByCaseFailsAtPlan(t *testing.T) {
	sql := accServer(t, testbed.ServerOptions{Database: testbed.DatabaseMariaDB, CaseSensitive: true})
	file := accServer(t, testbed.ServerOptions{Database: testbed.DatabaseFile, CaseSensitive: true})
	for _, sc := range []scope{globalScope, projectScope} {
		t.Run(sc.noun(), func(t *testing.T) {
			stored := "Prom-" + strings.TrimPrefix(accName("x"), "tf-x-")
			planned := strings.ToLower(stored)
			project := ""
			if sc.project {
				project = accName("team")
			}
			config := func(s *testbed.Server) string {
				return providerConfig(s) + datasourceConfig(sc, project, planned, "", "prometheus", `{ direct_url = "http://127.0.0.1:9090" }`)
			}
			for _, s := range []*testbed.Server{sql, file} {
				if project != "" {
					createProject(t, s, project)
				}
				createUnmanagedDatasource(t, s, project, stored)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: accProviders,
				Steps: []resource.TestStep{{
					Config: config(sql), PlanOnly: true,
					ExpectError: regexp.MustCompile(`(?s)Name Collides With Another Spelling.*already\s+holds\s+` + regexp.QuoteMeta(sc.noun()) + `\s+"` +
						regexp.QuoteMeta(sc.id(project, stored)) + `",\s+and\s+it\s+answers\s+for\s+` + regexp.QuoteMeta(sc.noun()) + `\s+"` + regexp.QuoteMeta(sc.id(project, planned)) +
						`"\s+too.*case_sensitive:\s+true\s+on\s+a\s+SQL\s+database\s+whose\s+collation\s+is\s+case-insensitive.*differs\s+from\s+"` + regexp.QuoteMeta(stored) + `"\s+by\s+more\s+than\s+case`),
				}},
			})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: accProviders,
				Steps:                    []resource.TestStep{{Config: config(file)}},
			})
		})
	}
}

// createUnmanagedDatasource creates a Prometheus datasource through the API, as another tool would.
func createUnmanagedDatasource(t *testing.T, s *testbed.Server, project, name string) {
	t.Helper()
	ds := &v1.Datasource{Kind: v1.KindDatasource, Metadata: v1.ProjectMetadata{Metadata: v1.Metadata{Name: name}}}
	ds.Metadata.Project = project
	ds.Spec.Plugin.Kind = "PrometheusDatasource"
	ds.Spec.Plugin.Spec = map[string]any{"directUrl": "http://127.0.0.1:9091"}
	if _, err := accClient(t, s).CreateDatasource(context.Background(), ds); err != nil {
		t.Fatal(fmt.Errorf("creating %q on %s: %w", name, s.URL, err))
	}
}
