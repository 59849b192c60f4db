package plugins

import "net/http"

var tempo = &Kind{
	Attribute:  "tempo",
	PluginKind: "TempoDatasource",
	Title:      "Tempo",
	Probe:      Probe{Method: http.MethodGet, Path: "/api/search"},
	DefaultAllowedEndpoints: []Endpoint{
		{Pattern: "/api/search", Method: http.MethodGet},
		{Pattern: "/api/v2/traces", Method: http.MethodGet},
		{Pattern: "/api/v2/search/tags", Method: http.MethodGet},
		{Pattern: "/api/v2/search/tag", Method: http.MethodGet},
	},
}
