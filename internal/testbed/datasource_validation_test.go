package testbed

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// checkDatasourceValidation proves that the hand-written plugin schemas make the server
// enforce what the real plugins enforce (see the facts on server-side validation), for every
// datasource kind: what the provider validates locally must match what the server accepts.
func checkDatasourceValidation(t *testing.T, s *Server, token string) {
	for _, kind := range DatasourceKinds() {
		t.Run(kind, func(t *testing.T) {
			prefix := strings.ToLower(strings.TrimSuffix(kind, "Datasource"))
			create := func(t *testing.T, suffix string, spec map[string]any) (int, []byte) {
				t.Helper()
				return apiCall(t, s, http.MethodPost, "/api/v1/globaldatasources", token,
					globalDatasource(prefix+"-"+suffix, kind, spec))
			}
			for _, c := range acceptedSpecs(kind) {
				t.Run("accepts/"+c.name, func(t *testing.T) {
					status, body := create(t, c.name, c.spec)
					var got v1.GlobalDatasource
					expectOK(t, status, body, &got)
					if got.Spec.Plugin.Kind != kind {
						t.Errorf("plugin kind %q, want %q", got.Spec.Plugin.Kind, kind)
					}
				})
			}
			for _, c := range rejectedSpecs(kind) {
				t.Run("rejects/"+c.name, func(t *testing.T) {
					status, body := create(t, c.name, c.spec)
					expectError(t, status, body, http.StatusBadRequest, append([]string{"bad request: "}, c.want...)...)
				})
			}
		})
	}
	t.Run("rejects/unknown-kind", func(t *testing.T) {
		status, body := apiCall(t, s, http.MethodPost, "/api/v1/globaldatasources", token,
			globalDatasource("unknown-kind", "FooDatasource", map[string]any{"directUrl": "http://localhost:9090"}))
		expectError(t, status, body, http.StatusBadRequest, "schema not found for plugin FooDatasource with version unknown")
	})
}

type specCase struct {
	name string
	spec map[string]any
	want []string // substrings of the server's message (rejections only)
}

func acceptedSpecs(kind string) []specCase {
	cases := []specCase{
		{name: "direct-url", spec: map[string]any{"directUrl": "http://localhost:9090"}},
		{name: "proxy", spec: map[string]any{"proxy": httpProxy(map[string]any{
			"url": "https://backend.example.com:8443/base",
			"allowedEndpoints": []any{
				map[string]any{"endpointPattern": "/api/v1/query", "method": "POST"},
				map[string]any{"endpointPattern": "/api/v1/label/([a-zA-Z0-9_-]+)/values", "method": "GET"},
			},
			"headers": map[string]any{"X-Scope-OrgID": "tenant-1"},
			"secret":  "backend-credentials",
		})}},
		{name: "minimal-proxy", spec: map[string]any{"proxy": httpProxy(map[string]any{"url": "http://127.0.0.1:3100"})}},
	}
	if kind == "PrometheusDatasource" {
		cases = append(cases, specCase{name: "scrape-interval-query-params", spec: map[string]any{
			"directUrl":      "http://localhost:9090",
			"scrapeInterval": "1m30s",
			"queryParams":    map[string]any{"dedup": "false"},
		}})
	}
	return cases
}

func rejectedSpecs(kind string) []specCase {
	proxy := httpProxy(map[string]any{"url": "http://localhost:9090"})
	cases := []specCase{
		{name: "both-direct-url-and-proxy", spec: map[string]any{"directUrl": "http://localhost:9090", "proxy": proxy},
			want: []string{"empty disjunction", "spec.directUrl: field not allowed", "spec.proxy: field not allowed"}},
		{name: "neither-direct-url-nor-proxy", spec: map[string]any{},
			want: []string{"spec: incomplete value"}},
		{name: "ftp-direct-url", spec: map[string]any{"directUrl": "ftp://localhost/metrics"},
			want: []string{`spec.directUrl: invalid value "ftp://localhost/metrics" (out of bound`}},
		{name: "ftp-proxy-url", spec: map[string]any{"proxy": httpProxy(map[string]any{"url": "ftp://localhost"})},
			want: []string{`spec.proxy.spec.url: invalid value "ftp://localhost" (out of bound`}},
		{name: "unknown-field", spec: map[string]any{"directUrl": "http://localhost:9090", "foo": "bar"},
			want: []string{"spec.foo: field not allowed"}},
		// Fields of later Perses versions (timeout, TLS) are not in this proxy spec.
		{name: "unknown-proxy-field", spec: map[string]any{"proxy": httpProxy(map[string]any{"url": "http://localhost:9090", "timeout": "30s"})},
			want: []string{"spec.proxy.spec.timeout: field not allowed"}},
		// The server's Go decoding of the proxy runs before the schema and wants upper case.
		{name: "lowercase-method", spec: map[string]any{"proxy": httpProxy(map[string]any{
			"url":              "http://localhost:9090",
			"allowedEndpoints": []any{map[string]any{"endpointPattern": "/api", "method": "get"}},
		})}, want: []string{`"get" is not a valid http method`}},
		{name: "unknown-method", spec: map[string]any{"proxy": httpProxy(map[string]any{
			"url":              "http://localhost:9090",
			"allowedEndpoints": []any{map[string]any{"endpointPattern": "/api", "method": "HEAD"}},
		})}, want: []string{`"HEAD" is not a valid http method`}},
	}
	if kind == "PrometheusDatasource" {
		cases = append(cases,
			specCase{name: "bare-number-scrape-interval", spec: map[string]any{"directUrl": "http://localhost:9090", "scrapeInterval": "15"},
				want: []string{`spec.scrapeInterval: invalid value "15" (out of bound`}},
			specCase{name: "non-string-query-param", spec: map[string]any{"directUrl": "http://localhost:9090", "queryParams": map[string]any{"step": 15}},
				want: []string{"spec.queryParams: conflicting values 15 and string"}},
		)
	} else {
		// Only Prometheus has scrapeInterval: elsewhere even a valid one is an unknown field.
		cases = append(cases, specCase{name: "scrape-interval", spec: map[string]any{"directUrl": "http://localhost:9090", "scrapeInterval": "15s"},
			want: []string{"spec.scrapeInterval: field not allowed"}})
	}
	return cases
}

// checkNameCase creates a datasource named with capitals and checks how it reads back, by
// GET and in a list (lists are what the lowercase-path bug breaks).
func checkNameCase(t *testing.T, s *Server, token string, caseSensitive bool) {
	const sent = "Prom"
	want := "prom"
	if caseSensitive {
		want = sent
	}
	status, body := apiCall(t, s, http.MethodPost, "/api/v1/globaldatasources", token,
		globalDatasource(sent, "PrometheusDatasource", map[string]any{"directUrl": "http://localhost:9090"}))
	var created v1.GlobalDatasource
	expectOK(t, status, body, &created)
	if created.Metadata.Name != want {
		t.Errorf("created name %q, want %q", created.Metadata.Name, want)
	}

	status, body = apiCall(t, s, http.MethodGet, "/api/v1/globaldatasources/"+want, token, nil)
	var got v1.GlobalDatasource
	expectOK(t, status, body, &got)
	if got.Metadata.Name != want {
		t.Errorf("GET name %q, want %q", got.Metadata.Name, want)
	}

	if caseSensitive {
		status, body = apiCall(t, s, http.MethodGet, "/api/v1/globaldatasources/prom", token, nil)
		expectError(t, status, body, http.StatusNotFound, "document not found")
	}

	status, body = apiCall(t, s, http.MethodGet, fmt.Sprintf("/api/v1/globaldatasources?name=%s", want), token, nil)
	var list []v1.GlobalDatasource
	expectOK(t, status, body, &list)
	// name is a prefix filter: other objects of the shared server may match too.
	found := 0
	for _, d := range list {
		if d.Metadata.Name == want {
			found++
		}
	}
	if found != 1 {
		t.Errorf("list ?name=%s answered %s, want %q once", want, body, want)
	}
}
