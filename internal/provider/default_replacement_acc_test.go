package provider

import (
	"context"
	"errors"
	"fmt"
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

// TestAccDefaultReplacedWithChangesUnderCreateBeforeDestroy: with create_before_destroy, renaming
// the default and changing its content in one apply cannot work (Perses allows one default, and
// Terraform creates the new datasource while the old one is the default, telling the provider
// nothing of it): the plan warns, the apply fails with what to do, nothing is lost (the old
// default stays, as the state says), and doing it in two applies, as the message says, works.
func TestAccDefaultReplacedWithChangesUnderCreateBeforeDestroy(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	ctx := context.Background()
	before, after := accName("traces"), accName("traces-2")
	config := func(name, url string) string {
		return providerConfig(s) + fmt.Sprintf(`resource "perses_global_datasource" "traces" {
  name    = %q
  default = true
  tempo   = { direct_url = %q }
  lifecycle {
    create_before_destroy = true
  }
}
`, name, url)
	}
	w := newCLIWorkspace(t)
	w.writeConfig(t, config(before, "https://tempo.example.com"))
	w.mustRun(t, nil, "init", "-input=false", "-no-color")
	w.mustRun(t, nil, "apply", "-input=false", "-no-color", "-auto-approve")

	w.writeConfig(t, config(after, "https://tempo-2.example.com"))
	out := w.mustRun(t, nil, "plan", "-input=false", "-no-color")
	if !strings.Contains(string(out), "Default Datasource Replaced With Other Changes") {
		t.Fatalf("the plan does not warn:\n%s", out)
	}
	out, err := w.run(t, nil, "apply", "-input=false", "-no-color", "-auto-approve")
	if err == nil || !strings.Contains(flatSpaces(string(out)), "rename it in one apply and change it in the next") {
		t.Fatalf("the apply did not fail saying what to do:\n%s", out)
	}
	if got, err := c.GetDatasource(ctx, "", before); err != nil || !got.Spec.Default {
		t.Fatalf("%s should still be the default: %v", before, err)
	}
	if _, err := c.GetDatasource(ctx, "", after); !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("%s should not exist: %v", after, err)
	}

	w.writeConfig(t, config(after, "https://tempo.example.com"))
	w.mustRun(t, nil, "apply", "-input=false", "-no-color", "-auto-approve")
	w.writeConfig(t, config(after, "https://tempo-2.example.com"))
	w.mustRun(t, nil, "apply", "-input=false", "-no-color", "-auto-approve")
	if got, err := c.GetDatasource(ctx, "", after); err != nil || !got.Spec.Default {
		t.Fatalf("%s should be the default: %v", after, err)
	}
	if _, err := c.GetDatasource(ctx, "", before); !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("%s should be gone: %v", before, err)
	}
	w.mustRun(t, nil, "destroy", "-input=false", "-no-color", "-auto-approve")
}

// flatSpaces folds the line breaks and margins the CLIs wrap diagnostics with.
func flatSpaces(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '│' || r == '\t' }), " ")
}
