package references

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/spec/go/datasource"
	"github.com/perses/spec/go/plugin"

	rt "github.com/perses/terraform-provider-perses/internal/references/referencestest"
)

func TestFindFollowsTheUIsLookupOrder(t *testing.T) {
	projectProm := Datasource{Project: "checkout", Name: "prom", Kind: "PrometheusDatasource"}
	projectDefault := Datasource{Project: "checkout", Name: "prom", Kind: "PrometheusDatasource", Default: true}
	globalProm := Datasource{Name: "prom", Kind: "PrometheusDatasource", Default: true}
	tests := []struct {
		name       string
		used       Datasource
		dashboards []*v1.Dashboard
		shadows    map[string]Shadow
		want       []string
	}{
		{"a query naming it, in any letter case", projectProm,
			[]*v1.Dashboard{rt.Dashboard(t, "checkout", "overview", rt.PanelWith("cpu", rt.ByName))},
			nil, []string{`checkout/overview (panel "cpu" query 1)`}},
		{"a variable naming it", projectProm,
			[]*v1.Dashboard{rt.Dashboard(t, "checkout", "jobs", rt.JobVariable(rt.ByName))},
			nil, []string{`checkout/jobs (variable "job")`}},
		{"the same name with another kind", projectProm,
			[]*v1.Dashboard{rt.Dashboard(t, "checkout", "traces", rt.PanelWith("t", rt.OtherKind))}, nil, nil},
		{"a datasource variable names no datasource", projectProm,
			[]*v1.Dashboard{rt.Dashboard(t, "checkout", "any", rt.PanelWith("cpu", rt.ByVariable))}, nil, nil},
		{"kind only, not the default", projectProm,
			[]*v1.Dashboard{rt.Dashboard(t, "checkout", "overview", rt.PanelWith("cpu", rt.ByKindOnly))}, nil, nil},
		{"kind only, the default", projectDefault,
			[]*v1.Dashboard{rt.Dashboard(t, "checkout", "overview", rt.PanelWith("cpu", rt.ByKindOnly), rt.JobVariable(rt.ByKindOnly))},
			nil, []string{`checkout/overview (panel "cpu" query 1, variable "job")`}},
		{"the dashboard's own datasource of that name comes first", projectProm,
			[]*v1.Dashboard{rt.Dashboard(t, "checkout", "own", rt.PanelWith("cpu", rt.ByName), rt.LocalDatasource("PROM", false))}, nil, nil},
		{"the dashboard's own default comes first", projectDefault,
			[]*v1.Dashboard{rt.Dashboard(t, "checkout", "own", rt.PanelWith("cpu", rt.ByKindOnly), rt.LocalDatasource("mine", true))}, nil, nil},
		{"dashboards of other projects do not see a project datasource", projectProm,
			[]*v1.Dashboard{rt.Dashboard(t, "billing", "overview", rt.PanelWith("cpu", rt.ByName))}, nil, nil},
		{"a global datasource is seen from every project, sorted", globalProm,
			[]*v1.Dashboard{
				rt.Dashboard(t, "checkout", "overview", rt.PanelWith("cpu", rt.ByName)),
				rt.Dashboard(t, "billing", "overview", rt.PanelWith("cpu", rt.ByKindOnly)),
			},
			nil, []string{`billing/overview (panel "cpu" query 1)`, `checkout/overview (panel "cpu" query 1)`}},
		{"a project datasource of the same name and kind hides it", globalProm,
			[]*v1.Dashboard{
				rt.Dashboard(t, "checkout", "overview", rt.PanelWith("cpu", rt.ByName)),
				rt.Dashboard(t, "billing", "overview", rt.PanelWith("cpu", rt.ByName)),
			},
			map[string]Shadow{"checkout": {SameName: true}}, []string{`billing/overview (panel "cpu" query 1)`}},
		{"a default project datasource hides it from kind-only selectors", globalProm,
			[]*v1.Dashboard{
				rt.Dashboard(t, "checkout", "overview", rt.PanelWith("cpu", rt.ByKindOnly)),
				rt.Dashboard(t, "checkout", "named", rt.PanelWith("cpu", rt.ByName)),
			},
			map[string]Shadow{"checkout": {HasDefault: true}}, []string{`checkout/named (panel "cpu" query 1)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, u := range Find(tt.used, tt.dashboards, tt.shadows) {
				got = append(got, u.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// A project datasource hides a global one only if it has the same kind: the UI looks a selector
// up by name and kind.
func TestShadowsOf(t *testing.T) {
	used := Datasource{Name: "prom", Kind: "PrometheusDatasource"}
	ds := func(project, name, kind string, isDefault bool) *v1.Datasource {
		return &v1.Datasource{Metadata: *v1.NewProjectMetadata(project, name),
			Spec: datasource.Spec{Default: isDefault, Plugin: plugin.Plugin{Kind: kind}}}
	}
	got := ShadowsOf(used, []*v1.Datasource{
		ds("Checkout", "PROM", "PrometheusDatasource", false),
		ds("billing", "prom", "TempoDatasource", true),
		ds("search", "other", "PrometheusDatasource", true),
	})
	want := map[string]Shadow{"checkout": {SameName: true}, "search": {HasDefault: true}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ShadowsOf = %v, want %v", got, want)
	}
}

// A global datasource's uses are found without reading the project datasources when no dashboard
// selects it; with a candidate, they are read once, and a project datasource of the same name hides
// it.
func TestUsesOfReadsProjectDatasourcesOnlyWhenNeeded(t *testing.T) {
	ctx := context.Background()
	used := Datasource{Name: "prom", Kind: "PrometheusDatasource"}
	reads := 0
	projectDatasources := func(_ context.Context, kind string) ([]*v1.Datasource, error) {
		reads++
		if kind != "PrometheusDatasource" {
			t.Errorf("read the project datasources of kind %s", kind)
		}
		return []*v1.Datasource{{Metadata: *v1.NewProjectMetadata("checkout", "prom"),
			Spec: datasource.Spec{Plugin: plugin.Plugin{Kind: "PrometheusDatasource"}}}}, nil
	}
	unused := []*v1.Dashboard{rt.Dashboard(t, "checkout", "traces", rt.PanelWith("t", rt.OtherKind))}
	if uses, err := UsesOf(ctx, used, unused, projectDatasources); err != nil || len(uses) != 0 || reads != 0 {
		t.Errorf("no candidate: uses %v, err %v, %d reads", uses, err, reads)
	}
	dashboards := []*v1.Dashboard{
		rt.Dashboard(t, "checkout", "overview", rt.PanelWith("cpu", rt.ByName)),
		rt.Dashboard(t, "billing", "overview", rt.PanelWith("cpu", rt.ByName)),
	}
	uses, err := UsesOf(ctx, used, dashboards, projectDatasources)
	if err != nil || reads != 1 || len(uses) != 1 || uses[0].String() != `billing/overview (panel "cpu" query 1)` {
		t.Errorf("candidates: uses %v, err %v, %d reads", uses, err, reads)
	}
	failing := func(context.Context, string) ([]*v1.Datasource, error) { return nil, errors.New("list failed") }
	if _, err := UsesOf(ctx, used, dashboards, failing); err == nil {
		t.Error("a failed read of the project datasources is not an error")
	}
}

// Messages list 20 dashboards, then count the others.
func TestListShowsTwentyThenCounts(t *testing.T) {
	var uses []Use
	for i := range 23 {
		uses = append(uses, Use{Project: "checkout", Name: fmt.Sprintf("d%02d", i), Places: []string{`panel "cpu" query 1`}})
	}
	list := List(uses)
	lines := strings.Split(list, "\n")
	if len(lines) != 21 || lines[0] != `  - checkout/d00 (panel "cpu" query 1)` || lines[19] != `  - checkout/d19 (panel "cpu" query 1)` ||
		lines[20] != "  ... and 3 more" {
		t.Errorf("List:\n%s", list)
	}
	if got := List(uses[:1]); got != `  - checkout/d00 (panel "cpu" query 1)` {
		t.Errorf("List of one = %q", got)
	}
	if Count(1) != "1 dashboard" || Count(23) != "23 dashboards" {
		t.Errorf("Count(1) = %q, Count(23) = %q", Count(1), Count(23))
	}
}
