package references

import (
	"context"
	"testing"

	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/spec/go/datasource"
	"github.com/perses/spec/go/plugin"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// TestListsWorkOnRealServer: a real Perses lists the datasource a GET finds, in both scopes;
// one whose file database has the upstream list bug (BrokenLists) does not, and ListsWork says so.
func TestListsWorkOnRealServer(t *testing.T) {
	for _, broken := range []bool{false, true} {
		s := testbed.StartTestServer(t, testbed.ServerOptions{BrokenLists: broken})
		c, err := client.New(client.Config{URL: s.URL})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if _, err := c.CreateProject(ctx, &v1.Project{Metadata: v1.Metadata{Name: "team"}}); err != nil {
			t.Fatal(err)
		}
		for _, project := range []string{"", "team"} {
			ds := &v1.Datasource{Metadata: *v1.NewProjectMetadata(project, "prom"), Spec: datasource.Spec{
				Plugin: plugin.Plugin{Kind: "PrometheusDatasource", Spec: map[string]any{"directUrl": "http://prom:9090"}}}}
			if _, err := c.CreateDatasource(ctx, ds); err != nil {
				t.Fatal(err)
			}
			works, err := ListsWork(ctx, c, project, "PROM")
			if err != nil || works == broken {
				t.Errorf("broken lists %t, project %q: ListsWork = %t, %v", broken, project, works, err)
			}
		}
	}
}
