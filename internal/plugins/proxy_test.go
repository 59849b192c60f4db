package plugins

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"testing"

	"github.com/perses/spec/go/datasource"
	"github.com/perses/spec/go/plugin"
)

func TestAllows(t *testing.T) {
	query := []Endpoint{{Pattern: "/api/v1/query", Method: http.MethodPost}}
	cases := []struct {
		name         string
		endpoints    []Endpoint
		method, path string
		want         bool
	}{
		{"exact path and method", query, http.MethodPost, "/api/v1/query", true},
		{"a prefix pattern also allows a longer path", query, http.MethodPost, "/api/v1/query_range", true},
		{"the pattern matches anywhere in the path", query, http.MethodPost, "/prefix/api/v1/query", true},
		{"another path", query, http.MethodPost, "/api/v1/labels", false},
		{"another method", query, http.MethodGet, "/api/v1/query", false},
		{"the method is compared exactly", []Endpoint{{Pattern: "/api/v1/query", Method: "get"}}, http.MethodGet, "/api/v1/query", false},
		{"the root allows every path", []Endpoint{{Pattern: "/", Method: http.MethodGet}}, http.MethodGet, "/-/quit", true},
		{"the root allows no other method", []Endpoint{{Pattern: "/", Method: http.MethodGet}}, http.MethodPost, "/-/quit", false},
		{"an empty list allows every path", nil, http.MethodDelete, "/api/v1/admin/tsdb/delete_series", true},
		{"an empty non-nil list allows every path", []Endpoint{}, http.MethodPut, "/", true},
		{"an anchored pattern", []Endpoint{{Pattern: "^/api/v1/query$", Method: http.MethodPost}}, http.MethodPost, "/api/v1/query_range", false},
		{"a capture group", []Endpoint{{Pattern: "/api/v1/label/([a-zA-Z0-9_-]+)/values", Method: http.MethodGet}}, http.MethodGet, "/api/v1/label/job/values", true},
		{"a pattern that does not compile allows nothing", []Endpoint{{Pattern: "/api/(v1", Method: http.MethodGet}}, http.MethodGet, "/api/(v1", false},
		{"a later entry allows", []Endpoint{{Pattern: "/api/(v1", Method: http.MethodGet}, {Pattern: "/api", Method: http.MethodGet}}, http.MethodGet, "/api/v1", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Allows(c.endpoints, c.method, c.path); got != c.want {
				t.Errorf("Allows(%v, %q, %q) = %v, want %v", c.endpoints, c.method, c.path, got, c.want)
			}
		})
	}
}

func decode(t *testing.T, data string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(data), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestProxyOf(t *testing.T) {
	cases := []struct {
		name   string
		spec   string
		want   Proxy
		wantOK bool
	}{
		{
			name: "every field",
			spec: `{"proxy":{"kind":"HTTPProxy","spec":{"url":"http://127.0.0.1:9090","secret":"prom",` +
				`"headers":{"X-Scope-OrgID":"platform"},` +
				`"allowedEndpoints":[{"endpointPattern":"/api/v1/query","method":"POST"},{"endpointPattern":"/api/v1/labels","method":"GET"}]}}}`,
			want: Proxy{
				URL:    "http://127.0.0.1:9090",
				Secret: "prom",
				AllowedEndpoints: []Endpoint{
					{Pattern: "/api/v1/query", Method: http.MethodPost},
					{Pattern: "/api/v1/labels", Method: http.MethodGet},
				},
				Headers: map[string]string{"X-Scope-OrgID": "platform"},
			},
			wantOK: true,
		},
		{name: "only the url", spec: `{"proxy":{"kind":"HTTPProxy","spec":{"url":"http://127.0.0.1:9090"}}}`, want: Proxy{URL: "http://127.0.0.1:9090"}, wantOK: true},
		{name: "fields of the wrong type read as unset", spec: `{"proxy":{"kind":"HTTPProxy","spec":{"url":1,"headers":{"a":1,"b":"c"},"allowedEndpoints":"x"}}}`,
			want: Proxy{Headers: map[string]string{"b": "c"}}, wantOK: true},
		{name: "direct url", spec: `{"directUrl":"http://127.0.0.1:9090"}`},
		{name: "another proxy kind", spec: `{"proxy":{"kind":"SQLProxy","spec":{"url":"http://127.0.0.1:9090"}}}`},
		{name: "no spec", spec: `{"proxy":{"kind":"HTTPProxy"}}`},
		{name: "not an object", spec: `"proxy"`},
		{name: "null", spec: `null`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := ProxyOf(decode(t, c.spec))
			if ok != c.wantOK || !reflect.DeepEqual(got, c.want) {
				t.Errorf("ProxyOf(%s) = %#v, %v, want %#v, %v", c.spec, got, ok, c.want, c.wantOK)
			}
		})
	}
}

func TestProxyOfAcceptsAMap(t *testing.T) {
	spec := as[map[string]any](t, decode(t, `{"proxy":{"kind":"HTTPProxy","spec":{"url":"http://127.0.0.1:9090"}}}`))
	if got, ok := ProxyOf(spec); !ok || got.URL != "http://127.0.0.1:9090" {
		t.Errorf("ProxyOf(map) = %#v, %v", got, ok)
	}
}

func TestDirectURLOf(t *testing.T) {
	if got, ok := DirectURLOf(decode(t, `{"directUrl":"http://127.0.0.1:9090"}`)); !ok || got != "http://127.0.0.1:9090" {
		t.Errorf("DirectURLOf = %q, %v", got, ok)
	}
	if got, ok := DirectURLOf(decode(t, `{"proxy":{}}`)); ok {
		t.Errorf("DirectURLOf of a proxied spec = %q, %v", got, ok)
	}
}

// Every default endpoint whose pattern is a literal path allows that path with its method.
func TestDefaultEndpointsAllowTheirOwnPaths(t *testing.T) {
	for _, k := range Kinds() {
		for _, e := range k.DefaultAllowedEndpoints {
			if regexp.QuoteMeta(e.Pattern) == e.Pattern && !Allows([]Endpoint{e}, e.Method, e.Pattern) {
				t.Errorf("%s: %s %s does not allow its own path", k.Attribute, e.Method, e.Pattern)
			}
		}
	}
}

func TestWithProxySecret(t *testing.T) {
	original := map[string]any{"proxy": map[string]any{"kind": "HTTPProxy", "spec": map[string]any{"url": "http://p:9090", "secret": "Creds"}}}
	spec := datasource.Spec{Plugin: plugin.Plugin{Kind: "PrometheusDatasource", Spec: original}}
	got := WithProxySecret(spec, "creds")
	if p, ok := ProxyOf(got.Plugin.Spec); !ok || p.Secret != "creds" || p.URL != "http://p:9090" {
		t.Errorf("proxy after WithProxySecret: %+v, %v", p, ok)
	}
	if p, _ := ProxyOf(original); p.Secret != "Creds" {
		t.Errorf("the original spec changed: secret %q", p.Secret)
	}
	direct := datasource.Spec{Plugin: plugin.Plugin{Spec: map[string]any{"directUrl": "https://p"}}}
	if got := WithProxySecret(direct, "creds"); !reflect.DeepEqual(got, direct) {
		t.Errorf("a spec without proxy changed: %+v", got)
	}
}
