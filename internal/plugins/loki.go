package plugins

import "net/http"

var loki = &Kind{
	Attribute:  "loki",
	PluginKind: "LokiDatasource",
	Title:      "Loki",
	Probe:      Probe{Method: http.MethodGet, Path: "/loki/api/v1/labels"},
	DefaultAllowedEndpoints: []Endpoint{
		{Pattern: "/loki/api/v1/query", Method: http.MethodGet},
		{Pattern: "/loki/api/v1/query_range", Method: http.MethodGet},
		{Pattern: "/loki/api/v1/labels", Method: http.MethodGet},
		{Pattern: "/loki/api/v1/label/([a-zA-Z0-9_-]+)/values", Method: http.MethodGet},
		{Pattern: "/loki/api/v1/series", Method: http.MethodGet},
		{Pattern: "/loki/api/v1/index/volume", Method: http.MethodGet},
		{Pattern: "/loki/api/v1/index/volume_range", Method: http.MethodGet},
		{Pattern: "/loki/api/v1/index/stats", Method: http.MethodGet},
		{Pattern: "/loki/api/v1/tail", Method: http.MethodGet},
	},
}
