package testbed

import (
	"net/http"
	"testing"
)

// checkDashboards: the server accepts a dashboard made of the test bed's panel, query and
// variable plugins, and still validates them (a query kind without a schema is refused).
func checkDashboards(t *testing.T, s *Server) {
	status, body := apiCall(t, s, http.MethodPost, "/api/v1/projects", "",
		map[string]any{"kind": "Project", "metadata": map[string]any{"name": "dashboards"}, "spec": map[string]any{}})
	expectOK(t, status, body, nil)

	status, body = apiCall(t, s, http.MethodPost, "/api/v1/projects/dashboards/dashboards", "", dashboard("ok", "PrometheusTimeSeriesQuery"))
	expectOK(t, status, body, nil)

	status, body = apiCall(t, s, http.MethodPost, "/api/v1/projects/dashboards/dashboards", "", dashboard("unknown-query", "LokiLogQuery"))
	expectError(t, status, body, http.StatusBadRequest, "schema not found for plugin LokiLogQuery")
}

// dashboard is the wire form of a dashboard with one TimeSeriesChart panel holding one query of
// queryKind on the Prometheus datasource "prom", and a label-values variable on the default
// Prometheus datasource.
func dashboard(name, queryKind string) map[string]any {
	return map[string]any{
		"kind":     "Dashboard",
		"metadata": map[string]any{"name": name, "project": "dashboards"},
		"spec": map[string]any{
			"duration": "1h",
			"variables": []any{map[string]any{
				"kind": "ListVariable",
				"spec": map[string]any{
					"name": "job", "allowAllValue": false, "allowMultiple": false,
					"plugin": map[string]any{"kind": "PrometheusLabelValuesVariable", "spec": map[string]any{
						"datasource": map[string]any{"kind": "PrometheusDatasource"}, "labelName": "job",
					}},
				},
			}},
			"panels": map[string]any{"cpu": map[string]any{
				"kind": "Panel",
				"spec": map[string]any{
					"display": map[string]any{"name": "CPU"},
					"plugin":  map[string]any{"kind": "TimeSeriesChart", "spec": map[string]any{}},
					"queries": []any{map[string]any{
						"kind": "TimeSeriesQuery",
						"spec": map[string]any{"plugin": map[string]any{"kind": queryKind, "spec": map[string]any{
							"datasource": map[string]any{"kind": "PrometheusDatasource", "name": "prom"}, "query": "up",
						}}},
					}},
				},
			}},
			"layouts": []any{map[string]any{
				"kind": "Grid",
				"spec": map[string]any{"items": []any{map[string]any{
					"x": 0, "y": 0, "width": 12, "height": 6, "content": map[string]any{"$ref": "#/spec/panels/cpu"},
				}}},
			}},
		},
	}
}
