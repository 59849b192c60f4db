// Package referencestest builds dashboards for tests of which dashboards use a datasource: in the
// wire form the server's lists answer, with the datasource selectors where plugins put them.
package referencestest

import (
	"encoding/json"
	"fmt"
	"testing"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// Datasource selectors, to put at the start of a plugin spec (see PanelWith, JobVariable).
const (
	ByName     = `"datasource": {"kind": "PrometheusDatasource", "name": "Prom"},`
	ByKindOnly = `"datasource": {"kind": "PrometheusDatasource"},`
	OtherKind  = `"datasource": {"kind": "TempoDatasource", "name": "prom"},`
	ByVariable = `"datasource": {"kind": "PrometheusDatasource", "name": "$ds"},`
)

// Dashboard decodes a dashboard of project made of parts (PanelWith, JobVariable,
// LocalDatasource), as the server's list answers it.
func Dashboard(t testing.TB, project, name string, parts ...string) *v1.Dashboard {
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

// PanelWith is a panel with one query whose plugin spec holds the selector.
func PanelWith(key, selector string) string {
	return fmt.Sprintf(`"panels": {%q: {"kind": "Panel", "spec": {"plugin": {"kind": "TimeSeriesChart", "spec": {}},
		"queries": [{"kind": "TimeSeriesQuery", "spec": {"plugin": {"kind": "PrometheusTimeSeriesQuery", "spec": {%s "query": "up"}}}}]}}}`, key, selector)
}

// JobVariable is a list variable "job" whose plugin spec holds the selector.
func JobVariable(selector string) string {
	return fmt.Sprintf(`"variables": [{"kind": "ListVariable", "spec": {"name": "job", "allowAllValue": false, "allowMultiple": false,
		"plugin": {"kind": "PrometheusLabelValuesVariable", "spec": {%s "labelName": "job"}}}}]`, selector)
}

// LocalDatasource is a Prometheus datasource of the dashboard itself.
func LocalDatasource(name string, isDefault bool) string {
	return fmt.Sprintf(`"datasources": {%q: {"default": %t, "plugin": {"kind": "PrometheusDatasource", "spec": {"directUrl": "http://p"}}}}`, name, isDefault)
}
