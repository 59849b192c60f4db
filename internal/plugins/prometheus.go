package plugins

import (
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var prometheus = &Kind{
	Attribute:  "prometheus",
	PluginKind: "PrometheusDatasource",
	Title:      "Prometheus",
	// Only the query API: a Prometheus proxied with no restriction also exposes its admin endpoints.
	DefaultAllowedEndpoints: []Endpoint{
		{Pattern: "/api/v1/labels", Method: http.MethodPost},
		{Pattern: "/api/v1/series", Method: http.MethodPost},
		{Pattern: "/api/v1/query", Method: http.MethodPost},
		{Pattern: "/api/v1/query_range", Method: http.MethodPost},
		{Pattern: "/api/v1/parse_query", Method: http.MethodPost},
		{Pattern: "/api/v1/metadata", Method: http.MethodGet},
		{Pattern: "/api/v1/label/([a-zA-Z0-9_-]+)/values", Method: http.MethodGet},
	},
	Fields: []Field{
		{
			Attribute: "scrape_interval",
			JSON:      "scrapeInterval",
			Type:      FieldString,
			Description: "How often Prometheus scrapes its targets, e.g. `15s` or `1m30s`; Perses uses it to pick " +
				"query steps. Units `y w d h m s ms`, largest first, no spaces.",
			Validators: []validator.String{durationValidator()},
		},
		{
			Attribute:   "query_params",
			JSON:        "queryParams",
			Type:        FieldStringMap,
			Description: "Query string parameters added to every query sent to Prometheus, e.g. `{ dedup = \"true\" }`.",
		},
	},
}
