package provider

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/perses/terraform-provider-perses/internal/client"
)

// TestAccDefaultTakenFromAnIdenticalDatasource: a new default whose spec equals the current
// default's, which this run does not manage, is taken for its create_before_destroy replacement
// (the only trace such a replacement leaves when Terraform plans the create again at apply): the
// plan warns, and the apply moves the flag. A new default with another spec is refused at plan.
func TestAccDefaultTakenFromAnIdenticalDatasource(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	ctx := context.Background()
	unmanaged, identical, other := accName("unmanaged"), accName("identical"), accName("other")
	ds := defaultLokiDatasource(unmanaged)
	ds.Spec.Plugin.Kind = "TempoDatasource"
	ds.Spec.Plugin.Spec = map[string]any{"directUrl": "https://tempo.example.com"}
	if _, err := c.CreateDatasource(ctx, ds); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.DeleteDatasource(ctx, "", unmanaged) })
	config := func(name, url string) string {
		return providerConfig(s) + datasourceConfig(globalScope, "", name, "", "tempo", `{ direct_url = "`+url+`" }`) +
			"\n" // default = true is added below
	}
	withDefault := func(hcl string) string {
		return strings.Replace(hcl, "  tempo = ", "  default = true\n  tempo = ", 1)
	}

	w := newCLIWorkspace(t)
	w.writeConfig(t, withDefault(config(other, "https://tempo-2.example.com")))
	w.mustRun(t, nil, "init", "-input=false", "-no-color")
	out, err := w.run(t, nil, "plan", "-input=false", "-no-color")
	if err == nil || !strings.Contains(string(out), "Another Datasource Is the Default") {
		t.Fatalf("a new default with another spec than the unmanaged one was not refused at plan:\n%s", out)
	}

	w.writeConfig(t, withDefault(config(identical, "https://tempo.example.com")))
	out = w.mustRun(t, nil, "plan", "-input=false", "-no-color")
	if !strings.Contains(string(out), "Default Taken From an Identical Datasource") {
		t.Fatalf("the plan does not warn that the default is taken from %q:\n%s", unmanaged, out)
	}
	w.mustRun(t, nil, "apply", "-input=false", "-no-color", "-auto-approve")
	for name, want := range map[string]bool{unmanaged: false, identical: true} {
		got, err := c.GetDatasource(ctx, "", name)
		if err != nil || got.Spec.Default != want {
			t.Errorf("%s: default = %v (%v), want %v", name, got != nil && got.Spec.Default, err, want)
		}
	}
	w.mustRun(t, nil, "destroy", "-input=false", "-no-color", "-auto-approve")
	if _, err := c.GetDatasource(ctx, "", identical); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("%s still exists after destroy: %v", identical, err)
	}
}
