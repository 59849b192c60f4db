package plugins

import "net/http"

// In Perses v0.54.0 ClickHouse is an HTTP datasource (its HTTP interface), not the SQL proxy.
var clickhouse = &Kind{
	Attribute:  "clickhouse",
	PluginKind: "ClickHouseDatasource",
	Title:      "ClickHouse",
	// ClickHouse's HTTP interface runs the query given in the query string.
	Probe: Probe{Method: http.MethodGet, Path: "/?query=SELECT%201"},
	// ClickHouse takes queries on its root path; patterns match anywhere in the path, so this
	// allows every GET and no other method.
	DefaultAllowedEndpoints: []Endpoint{
		{Pattern: "/", Method: http.MethodGet},
	},
}
