package plugins

import "net/http"

var pyroscope = &Kind{
	Attribute:  "pyroscope",
	PluginKind: "PyroscopeDatasource",
	Title:      "Pyroscope",
	// A Connect unary call: POST with a JSON body, {} being the empty ProfileTypesRequest.
	Probe: Probe{Method: http.MethodPost, Path: "/querier.v1.QuerierService/ProfileTypes", Body: "{}", ContentType: JSONContentType},
	// The dots are left unescaped, as the Perses UI writes them: a pattern is a regular expression.
	DefaultAllowedEndpoints: []Endpoint{
		{Pattern: "/pyroscope/render", Method: http.MethodGet},
		{Pattern: "/querier.v1.QuerierService/ProfileTypes", Method: http.MethodPost},
		{Pattern: "/querier.v1.QuerierService/LabelNames", Method: http.MethodPost},
		{Pattern: "/querier.v1.QuerierService/LabelValues", Method: http.MethodPost},
	},
}
