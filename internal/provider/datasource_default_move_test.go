package provider

import (
	"context"
	"testing"

	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/testbed"
)

func defaultLokiDatasource(name string) *v1.Datasource {
	ds := &v1.Datasource{Kind: v1.KindDatasource}
	ds.Metadata.Name = name
	ds.Spec.Default = true
	ds.Spec.Plugin.Kind = "LokiDatasource"
	ds.Spec.Plugin.Spec = map[string]any{"directUrl": "https://" + name + ".example.com"}
	return ds
}

// TestDefaultMovesWhenTheNewDefaultIsWrittenFirst pins the order Terraform may pick: B (new
// default) is written while A (planned in this run to stop being the default) still is one, on a
// real server. The write succeeds and A is no longer the default; if A were not planned to stop
// being the default, the server's refusal would stand and A would be left as it was.
func TestDefaultMovesWhenTheNewDefaultIsWrittenFirst(t *testing.T) {
	s := testbed.StartTestServer(t, testbed.ServerOptions{})
	c, err := client.New(client.Config{URL: s.URL})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.CreateDatasource(ctx, defaultLokiDatasource("a")); err != nil {
		t.Fatal(err)
	}
	r := &datasourceResource{scopedResource{scope: globalScope, data: newProviderData(c)}}
	key := newDefaultKey("", "LokiDatasource")

	// A is not planned to change: B's write is refused and A stays the default.
	r.data.planned.recordDatasource(key, plannedDatasource{name: "a", isDefault: true})
	if _, err := r.writeMovingDefault(ctx, c, defaultLokiDatasource("b"), false, c.CreateDatasource); err == nil {
		t.Fatal("b became the default while a is planned to stay the default")
	}
	if a, err := c.GetDatasource(ctx, "", "a"); err != nil || !a.Spec.Default {
		t.Fatalf("a should still be the default: %v %v", a, err)
	}

	// A is planned to stop being the default: B's write moves the flag.
	r.data.planned.recordDatasource(key, plannedDatasource{name: "a"})
	if _, err := r.writeMovingDefault(ctx, c, defaultLokiDatasource("b"), false, c.CreateDatasource); err != nil {
		t.Fatalf("moving the default: %v", err)
	}
	a, err := c.GetDatasource(ctx, "", "a")
	if err != nil || a.Spec.Default {
		t.Fatalf("a should not be the default any more: %v %v", a, err)
	}
	b, err := c.GetDatasource(ctx, "", "b")
	if err != nil || !b.Spec.Default {
		t.Fatalf("b should be the default: %v %v", b, err)
	}
}
