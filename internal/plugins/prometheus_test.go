package plugins

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestPrometheusQueryMethodValidatorWarnsAboutGETOnlyQueries(t *testing.T) {
	at := path.Root("prometheus").AtName("proxy").AtName("allowed_endpoints")
	warning := func(i int, paths string) diag.Diagnostic {
		method := at.AtListIndex(i).AtName("method")
		return diag.NewAttributeWarningDiagnostic(method, "Prometheus Queries Need POST",
			method.String()+` is "GET" for a pattern that matches `+paths+", but Perses sends these requests to Prometheus with POST, "+
				"and no entry allows POST for them: the proxy would answer 403 to the queries of every panel.\n\n"+
				`Write method = "POST".`)
	}
	checkList(t, prometheusQueryMethodValidator{}, at, []listCase{
		{name: "null", value: types.ListNull(endpointType)},
		{name: "unknown", value: types.ListUnknown(endpointType)},
		{name: "unknown method", value: endpointsWithUnknownMethod("/api/v1/query")},
		{name: "defaults", value: endpoints(prometheusEndpoints...)},
		{name: "empty", value: endpoints()},
		{name: "GET for metadata only", value: endpoints(Endpoint{Pattern: "/api/v1/metadata", Method: "GET"})},
		{name: "GET and POST", value: endpoints(
			Endpoint{Pattern: "/api/v1/query", Method: "GET"},
			Endpoint{Pattern: "/api/v1/query", Method: "POST"},
		)},
		{name: "invalid pattern", value: endpoints(Endpoint{Pattern: "/api/v1/(query", Method: "GET"})},
		{
			// Unanchored: /api/v1/query also matches /api/v1/query_range.
			name:  "GET only",
			value: endpoints(Endpoint{Pattern: "/api/v1/query", Method: "GET"}),
			want:  diag.Diagnostics{warning(0, "/api/v1/query and /api/v1/query_range")},
		},
		{
			name: "GET for a path POST does not cover",
			value: endpoints(
				Endpoint{Pattern: "^/api/v1/query_range$", Method: "POST"},
				Endpoint{Pattern: "/api/v1/query", Method: "GET"},
			),
			want: diag.Diagnostics{warning(1, "/api/v1/query")},
		},
		{
			name:  "GET for everything",
			value: endpoints(Endpoint{Pattern: "/api/v1/", Method: "GET"}),
			want:  diag.Diagnostics{warning(0, "/api/v1/labels, /api/v1/series, /api/v1/query, /api/v1/query_range and /api/v1/parse_query")},
		},
	})
}
