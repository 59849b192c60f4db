package plugins

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// prometheusEndpoints are the endpoints the Perses UI pre-fills for Prometheus, in its order: only
// the query API, since a Prometheus proxied with no restriction also exposes its admin endpoints.
// The POST ones are those Perses' Prometheus plugin requests with POST.
var prometheusEndpoints = []Endpoint{
	{Pattern: "/api/v1/labels", Method: http.MethodPost},
	{Pattern: "/api/v1/series", Method: http.MethodPost},
	{Pattern: "/api/v1/metadata", Method: http.MethodGet},
	{Pattern: "/api/v1/query", Method: http.MethodPost},
	{Pattern: "/api/v1/query_range", Method: http.MethodPost},
	{Pattern: "/api/v1/label/([a-zA-Z0-9_-]+)/values", Method: http.MethodGet},
	{Pattern: "/api/v1/parse_query", Method: http.MethodPost},
}

var prometheus = &Kind{
	Attribute:               "prometheus",
	PluginKind:              "PrometheusDatasource",
	Title:                   "Prometheus",
	DefaultAllowedEndpoints: prometheusEndpoints,
	EndpointsValidators:     []validator.List{prometheusQueryMethodValidator{}},
	// An instant query, sent as Perses' Prometheus plugin sends its queries: POST, form-encoded.
	Probe: Probe{Method: http.MethodPost, Path: "/api/v1/query", Body: "query=up", ContentType: FormContentType},
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

var _ validator.List = prometheusQueryMethodValidator{}

// prometheusQueryMethodValidator warns about an allowed_endpoints entry that lets a query path
// through for GET only: Perses sends queries (and label and series lookups) to Prometheus with
// POST, so such a proxy answers 403 to every panel, although a query typed in a browser works.
type prometheusQueryMethodValidator struct{}

func (v prometheusQueryMethodValidator) Description(context.Context) string {
	return "should allow POST for the query endpoints, since Perses queries Prometheus with POST"
}

func (v prometheusQueryMethodValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v prometheusQueryMethodValidator) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	entries, known := allowedEndpoints(req.ConfigValue)
	if !known {
		return
	}
	for i, e := range entries {
		if e.Method != http.MethodGet {
			continue
		}
		var getOnly []string
		// The POST patterns are literal paths, so they stand for the requests themselves.
		for _, query := range prometheusEndpoints {
			if query.Method == http.MethodPost && Allows([]Endpoint{e}, http.MethodGet, query.Pattern) &&
				!Allows(entries, http.MethodPost, query.Pattern) {
				getOnly = append(getOnly, query.Pattern)
			}
		}
		if len(getOnly) == 0 {
			continue
		}
		at := req.Path.AtListIndex(i).AtName(methodAttribute)
		resp.Diagnostics.Append(diagnostics.AttributeWarning(at, "Prometheus Queries Need POST",
			fmt.Sprintf(`%s is "GET" for a pattern that matches %s, but Perses sends these requests to Prometheus with POST, `+
				"and no entry allows POST for them: the proxy would answer 403 to the queries of every panel.", at, joinPaths(getOnly)),
			`Write method = "POST".`))
	}
}

// joinPaths lists paths in a sentence: "a", "a and b", "a, b and c".
func joinPaths(paths []string) string {
	if len(paths) == 1 {
		return paths[0]
	}
	return strings.Join(paths[:len(paths)-1], ", ") + " and " + paths[len(paths)-1]
}
