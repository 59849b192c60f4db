package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/spec/go/datasource"
	"github.com/perses/spec/go/plugin"
)

// testDashboard decodes a dashboard as the server's list answers it: panels, variables,
// annotations and its own datasources, in the wire form.
func testDashboard(t *testing.T, project, name string, parts ...string) *v1.Dashboard {
	t.Helper()
	spec := `{"duration": "1h", "layouts": [], "panels": {}`
	for _, p := range parts {
		spec += ", " + p
	}
	spec += "}"
	raw := fmt.Sprintf(`{"kind": "Dashboard", "metadata": {"name": %q, "project": %q}, "spec": %s}`, name, project, spec)
	d := &v1.Dashboard{}
	if err := json.Unmarshal([]byte(raw), d); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	return d
}

// panelWith is a panel with one query whose plugin spec holds the selector.
func panelWith(key, selector string) string {
	return fmt.Sprintf(`"panels": {%q: {"kind": "Panel", "spec": {"plugin": {"kind": "TimeSeriesChart", "spec": {}},
		"queries": [{"kind": "TimeSeriesQuery", "spec": {"plugin": {"kind": "PrometheusTimeSeriesQuery", "spec": {%s "query": "up"}}}}]}}}`, key, selector)
}

// jobVariable is a list variable "job" whose plugin spec holds the selector.
func jobVariable(selector string) string {
	return fmt.Sprintf(`"variables": [{"kind": "ListVariable", "spec": {"name": "job", "allowAllValue": false, "allowMultiple": false,
		"plugin": {"kind": "PrometheusLabelValuesVariable", "spec": {%s "labelName": "job"}}}}]`, selector)
}

func localDatasource(name string, isDefault bool) string {
	return fmt.Sprintf(`"datasources": {%q: {"default": %t, "plugin": {"kind": "PrometheusDatasource", "spec": {"directUrl": "http://p"}}}}`, name, isDefault)
}

const (
	byName     = `"datasource": {"kind": "PrometheusDatasource", "name": "Prom"},`
	byKindOnly = `"datasource": {"kind": "PrometheusDatasource"},`
	otherKind  = `"datasource": {"kind": "TempoDatasource", "name": "prom"},`
	byVariable = `"datasource": {"kind": "PrometheusDatasource", "name": "$ds"},`
)

func TestFindDashboardUses(t *testing.T) {
	projectProm := usedDatasource{project: "checkout", name: "prom", kind: "PrometheusDatasource"}
	projectDefault := usedDatasource{project: "checkout", name: "prom", kind: "PrometheusDatasource", isDefault: true}
	globalProm := usedDatasource{name: "prom", kind: "PrometheusDatasource", isDefault: true}
	tests := []struct {
		name       string
		used       usedDatasource
		dashboards []*v1.Dashboard
		shadows    map[string]projectShadow
		want       []string
	}{
		{"a query naming it, in any letter case", projectProm,
			[]*v1.Dashboard{testDashboard(t, "checkout", "overview", panelWith("cpu", byName))},
			nil, []string{`checkout/overview (panel "cpu" query 1)`}},
		{"a variable naming it", projectProm,
			[]*v1.Dashboard{testDashboard(t, "checkout", "jobs", jobVariable(byName))},
			nil, []string{`checkout/jobs (variable "job")`}},
		{"the same name with another kind", projectProm,
			[]*v1.Dashboard{testDashboard(t, "checkout", "traces", panelWith("t", otherKind))}, nil, nil},
		{"a datasource variable names no datasource", projectProm,
			[]*v1.Dashboard{testDashboard(t, "checkout", "any", panelWith("cpu", byVariable))}, nil, nil},
		{"kind only, not the default", projectProm,
			[]*v1.Dashboard{testDashboard(t, "checkout", "overview", panelWith("cpu", byKindOnly))}, nil, nil},
		{"kind only, the default", projectDefault,
			[]*v1.Dashboard{testDashboard(t, "checkout", "overview", panelWith("cpu", byKindOnly), jobVariable(byKindOnly))},
			nil, []string{`checkout/overview (panel "cpu" query 1, variable "job")`}},
		{"the dashboard's own datasource of that name comes first", projectProm,
			[]*v1.Dashboard{testDashboard(t, "checkout", "own", panelWith("cpu", byName), localDatasource("PROM", false))}, nil, nil},
		{"the dashboard's own default comes first", projectDefault,
			[]*v1.Dashboard{testDashboard(t, "checkout", "own", panelWith("cpu", byKindOnly), localDatasource("mine", true))}, nil, nil},
		{"dashboards of other projects do not see a project datasource", projectProm,
			[]*v1.Dashboard{testDashboard(t, "billing", "overview", panelWith("cpu", byName))}, nil, nil},
		{"a global datasource is seen from every project, sorted", globalProm,
			[]*v1.Dashboard{
				testDashboard(t, "checkout", "overview", panelWith("cpu", byName)),
				testDashboard(t, "billing", "overview", panelWith("cpu", byKindOnly)),
			},
			nil, []string{`billing/overview (panel "cpu" query 1)`, `checkout/overview (panel "cpu" query 1)`}},
		{"a project datasource of the same name and kind hides it", globalProm,
			[]*v1.Dashboard{
				testDashboard(t, "checkout", "overview", panelWith("cpu", byName)),
				testDashboard(t, "billing", "overview", panelWith("cpu", byName)),
			},
			map[string]projectShadow{"checkout": {sameName: true}}, []string{`billing/overview (panel "cpu" query 1)`}},
		{"a default project datasource hides it from kind-only selectors", globalProm,
			[]*v1.Dashboard{
				testDashboard(t, "checkout", "overview", panelWith("cpu", byKindOnly)),
				testDashboard(t, "checkout", "named", panelWith("cpu", byName)),
			},
			map[string]projectShadow{"checkout": {hasDefault: true}}, []string{`checkout/named (panel "cpu" query 1)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, u := range findDashboardUses(tt.used, tt.dashboards, tt.shadows) {
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
	used := usedDatasource{name: "prom", kind: "PrometheusDatasource"}
	ds := func(project, name, kind string, isDefault bool) *v1.Datasource {
		return &v1.Datasource{Metadata: *v1.NewProjectMetadata(project, name),
			Spec: datasource.Spec{Default: isDefault, Plugin: plugin.Plugin{Kind: kind}}}
	}
	got := shadowsOf(used, []*v1.Datasource{
		ds("Checkout", "PROM", "PrometheusDatasource", false),
		ds("billing", "prom", "TempoDatasource", true),
		ds("search", "other", "PrometheusDatasource", true),
	})
	want := map[string]projectShadow{"checkout": {sameName: true}, "search": {hasDefault: true}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("shadowsOf = %v, want %v", got, want)
	}
}

// The refusal lists 20 dashboards, then counts the others; the plan warning reads the same.
func TestUsedByDashboardsMessages(t *testing.T) {
	var uses []dashboardUse
	for i := range 23 {
		uses = append(uses, dashboardUse{project: "checkout", name: fmt.Sprintf("d%02d", i), places: []string{`panel "cpu" query 1`}})
	}
	list := listUses(uses)
	lines := strings.Split(list, "\n")
	if len(lines) != 21 || lines[0] != `  - checkout/d00 (panel "cpu" query 1)` || lines[19] != `  - checkout/d19 (panel "cpu" query 1)` ||
		lines[20] != "  ... and 3 more" {
		t.Errorf("listUses:\n%s", list)
	}

	d := usedByDashboardsWarning(globalScope, usedDatasource{name: "prom"}, "Destroying", uses[:1])
	wantDetail := "global datasource \"prom\" is used by 1 dashboard:\n  - checkout/d00 (panel \"cpu\" query 1)\n" +
		"The apply will fail when it deletes it, since force_destroy is not true.\n\n" +
		"Point these dashboards at another datasource first (or delete them). To delete it anyway, set force_destroy = true on this resource " +
		"and apply, then destroy it."
	if d.Summary() != "Destroying a Datasource Used by Dashboards" || d.Detail() != wantDetail {
		t.Errorf("warning:\n%s\n%s\nwant\n%s", d.Summary(), d.Detail(), wantDetail)
	}
}
