package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccRegressionDatasourceDeleteRacesItsProjectDelete (found by TestAccWalk on OpenTofu, seed
// 1, case_sensitive true: a project and its imported datasource removed together were deleted at
// once). The project goes away while the datasource's delete checks which dashboards use it:
// Perses deleted the datasource with its project, so the delete succeeds instead of failing with
// "Cannot Check Which Dashboards Use the Datasource ... metadata.project doesn't exist". A
// pass-through in front of the real server deletes the project right after answering the
// datasource's GET, the first request of that check.
func TestAccRegressionDatasourceDeleteRacesItsProjectDelete(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	project, name := accName("race"), accName("prom")
	target, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(target)
	var armed, fired atomic.Bool
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		forward.ServeHTTP(w, r)
		if armed.Load() && r.Method == http.MethodGet && r.URL.Path == "/api/v1/projects/"+project+"/datasources/"+name && fired.CompareAndSwap(false, true) {
			if err := c.DeleteProject(context.Background(), project); err != nil {
				t.Errorf("deleting project %s during the datasource's delete: %v", project, err)
			}
		}
	}))
	t.Cleanup(front.Close)
	provider := requiredProviders + fmt.Sprintf("provider \"perses\" {\n  url = %q\n}\n", front.URL)
	objects := fmt.Sprintf(`resource "perses_project" "p" {
  name = %q
}
resource "perses_project_datasource" "d" {
  project    = perses_project.p.name
  name       = %q
  prometheus = { direct_url = "http://127.0.0.1:9090" }
}
`, project, name)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{Config: provider + objects},
			{PreConfig: func() { armed.Store(true) }, Config: provider},
		},
	})
	if !fired.Load() {
		t.Fatal("the datasource's delete sent no GET of the datasource: the race was not reproduced")
	}
}
