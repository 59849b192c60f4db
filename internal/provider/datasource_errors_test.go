package provider

import (
	"testing"

	"github.com/perses/terraform-provider-perses/internal/client"
)

// The server's refusals become diagnostics that name the datasource, quote the server and say
// what to do. The messages are the real ones of Perses v0.54.0.
func TestDatasourceAPIErrorNamesTheDatasourceAndTheServerMessage(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		summary string
		detail  string
	}{
		{
			name: "second default",
			err: &client.APIError{Method: "POST", Path: "/api/v1/projects/checkout/datasources", StatusCode: 400,
				Message: `bad request: datasource "loki-2" cannot be a default "LokiDatasource" because there is already one defined named "loki-1"`},
			summary: "Cannot Create Perses Datasource",
			detail: `The Perses server refused project datasource "checkout/loki-2".` + "\n\n" +
				"Fix the configuration as the server's message says. For the default flag: only one datasource per plugin kind and scope can have default = true.\n\n" +
				`Original error: POST /api/v1/projects/checkout/datasources: 400 bad request: datasource "loki-2" cannot be a default "LokiDatasource" because there is already one defined named "loki-1"`,
		},
		{
			name: "missing project",
			err: &client.APIError{Method: "POST", Path: "/api/v1/projects/checkout/datasources", StatusCode: 400,
				Message: `bad request: metadata.project "checkout" doesn't exist`},
			summary: "Cannot Create Perses Datasource",
			detail: `Project "checkout" does not exist on the Perses server, so project datasource "checkout/loki-2" cannot be stored in it.` + "\n\n" +
				"Create the project first (resource perses_project, or percli) or fix the project attribute.\n\n" +
				`Original error: POST /api/v1/projects/checkout/datasources: 400 bad request: metadata.project "checkout" doesn't exist`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := scopedAPIError(projectScope, "Create", "checkout", "loki-2", tt.err)
			if d.Summary() != tt.summary || d.Detail() != tt.detail {
				t.Errorf("got\n%s\n%s\nwant\n%s\n%s", d.Summary(), d.Detail(), tt.summary, tt.detail)
			}
		})
	}
}
