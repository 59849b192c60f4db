package plugins

import "net/http"

var victorialogs = &Kind{
	Attribute:  "victorialogs",
	PluginKind: "VictoriaLogsDatasource",
	Title:      "VictoriaLogs",
	// field_names requires a query; * selects every log stream.
	Probe: Probe{Method: http.MethodPost, Path: "/select/logsql/field_names", Body: "query=*", ContentType: FormContentType},
	// The list the Perses UI pre-fills (VictoriaLogs plugin 0.4.0), in its order.
	DefaultAllowedEndpoints: []Endpoint{
		{Pattern: "/select/logsql/stats_query", Method: http.MethodPost},
		{Pattern: "/select/logsql/stats_query_range", Method: http.MethodPost},
		{Pattern: "/select/logsql/field_names", Method: http.MethodPost},
		{Pattern: "/select/logsql/field_values", Method: http.MethodPost},
		{Pattern: "/select/logsql/tail", Method: http.MethodPost},
		{Pattern: "/select/logsql/query", Method: http.MethodPost},
		{Pattern: "/select/logsql/hits", Method: http.MethodPost},
		{Pattern: "/select/logsql/facets", Method: http.MethodPost},
		{Pattern: "/select/logsql/stream_ids", Method: http.MethodPost},
		{Pattern: "/select/logsql/streams", Method: http.MethodPost},
		{Pattern: "/select/logsql/stream_field_names", Method: http.MethodPost},
		{Pattern: "/select/logsql/stream_field_values", Method: http.MethodPost},
	},
}
