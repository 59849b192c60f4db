package plugins

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type stringCase struct {
	value   types.String
	summary string // empty when no diagnostic is expected
	detail  string
}

func checkString(t *testing.T, v validator.String, at path.Path, cases []stringCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.value.String(), func(t *testing.T) {
			resp := &validator.StringResponse{}
			v.ValidateString(context.Background(), validator.StringRequest{Path: at, ConfigValue: c.value}, resp)
			var want diag.Diagnostics
			if c.summary != "" {
				want.AddAttributeError(at, c.summary, c.detail)
			}
			if !resp.Diagnostics.Equal(want) {
				t.Errorf("diagnostics:\n got %v\nwant %v", resp.Diagnostics, want)
			}
		})
	}
}

// alwaysAccepted are values every validator leaves alone: they are checked once known.
var alwaysAccepted = []stringCase{{value: types.StringNull()}, {value: types.StringUnknown()}}

func TestURLValidator(t *testing.T) {
	at := path.Root("prometheus").AtName("direct_url")
	invalid := func(value, fix string) stringCase {
		return stringCase{types.StringValue(value), "Invalid URL",
			`prometheus.direct_url is "` + value + `", which is not a URL Perses accepts: ` +
				"it must start with http:// or https:// followed by a host.\n\n" + fix}
	}
	checkString(t, urlValidator("https://prometheus.example.com"), at, append(alwaysAccepted,
		stringCase{value: types.StringValue("https://prometheus.example.com")},
		stringCase{value: types.StringValue("http://prometheus.monitoring.svc:9090/prefix?x=1")},
		invalid("prometheus.example.com", `Write "https://prometheus.example.com".`),
		invalid(" https://prometheus.example.com ", `Write "https://prometheus.example.com".`),
		invalid("", `Write an http:// or https:// URL with a host, e.g. "https://prometheus.example.com".`),
		invalid("ftp://prometheus.example.com", `Write an http:// or https:// URL with a host, e.g. "https://prometheus.example.com".`),
		invalid("https://", `Write an http:// or https:// URL with a host, e.g. "https://prometheus.example.com".`),
		invalid("https://prometheus example", `Write an http:// or https:// URL with a host, e.g. "https://prometheus.example.com".`),
	))
}

func TestMethodValidator(t *testing.T) {
	at := path.Root("prometheus").AtName("proxy").AtName("allowed_endpoints").AtListIndex(0).AtName("method")
	invalid := func(value, fix string) stringCase {
		return stringCase{types.StringValue(value), "Invalid HTTP Method",
			`prometheus.proxy.allowed_endpoints[0].method is "` + value + `", which is not accepted by Perses: ` +
				"it takes GET, POST, PUT, PATCH or DELETE, in uppercase.\n\n" + fix}
	}
	cases := alwaysAccepted
	for _, method := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		cases = append(cases, stringCase{value: types.StringValue(method)})
	}
	checkString(t, methodValidator{}, at, append(cases,
		invalid("get", `Write "GET".`),
		invalid("Post", `Write "POST".`),
		invalid("HEAD", `Write one of ["GET" "POST" "PUT" "PATCH" "DELETE"].`),
		invalid("", `Write one of ["GET" "POST" "PUT" "PATCH" "DELETE"].`),
	))
}

func TestEndpointPatternValidator(t *testing.T) {
	at := path.Root("loki").AtName("proxy").AtName("allowed_endpoints").AtListIndex(2).AtName("endpoint_pattern")
	compileFix := `Correct the expression (Go RE2 syntax). To match a special character literally, escape it: in HCL "\\(" matches "(".`
	checkString(t, endpointPatternValidator{example: "/loki/api/v1/query"}, at, append(alwaysAccepted,
		stringCase{value: types.StringValue("/api/v1/query")},
		stringCase{value: types.StringValue("^/$")},
		stringCase{value: types.StringValue("/loki/api/v1/label/([a-zA-Z0-9_-]+)/values")},
		stringCase{types.StringValue(""), "Invalid Endpoint Pattern",
			"loki.proxy.allowed_endpoints[2].endpoint_pattern is empty, which lets every path through.\n\n" +
				`Write a regular expression matched anywhere in the request path, e.g. "/loki/api/v1/query".`},
		stringCase{types.StringValue("/api/v1/label/(.*/values"), "Invalid Endpoint Pattern",
			`loki.proxy.allowed_endpoints[2].endpoint_pattern is "/api/v1/label/(.*/values", which is not a valid regular expression: ` +
				"error parsing regexp: missing closing ): `/api/v1/label/(.*/values`.\n\n" + compileFix},
		// Perl lookaheads are not RE2: Perses' Go server refuses them.
		stringCase{types.StringValue("/api/(?!admin)"), "Invalid Endpoint Pattern",
			`loki.proxy.allowed_endpoints[2].endpoint_pattern is "/api/(?!admin)", which is not a valid regular expression: ` +
				"error parsing regexp: invalid or unsupported Perl syntax: `(?!`.\n\n" + compileFix},
	))
}

func TestEndpointPatternValidatorWarnsWhenEveryPathMatches(t *testing.T) {
	at := path.Root("loki").AtName("proxy").AtName("allowed_endpoints").AtListIndex(0).AtName("endpoint_pattern")
	v := endpointPatternValidator{example: "/loki/api/v1/query"}
	// Matching is unanchored, so anything that matches "/" or the empty string matches every path.
	for _, pattern := range []string{"/", ".*", "/?", "^/", ".", "/.*", "(/api)?", "[/a-z]", "/|/api", "(?i)/"} {
		t.Run(pattern, func(t *testing.T) {
			resp := &validator.StringResponse{}
			v.ValidateString(context.Background(), validator.StringRequest{Path: at, ConfigValue: types.StringValue(pattern)}, resp)
			want := diag.Diagnostics{diag.NewAttributeWarningDiagnostic(at, "Endpoint Pattern Matches Every Path",
				`loki.proxy.allowed_endpoints[0].endpoint_pattern is "`+pattern+`", which matches every request path: `+
					"Perses looks for the pattern anywhere in the path, so this entry lets every path through the proxy for its method, admin endpoints included.\n\n"+
					`Write a pattern for only the paths the datasource needs, e.g. "/loki/api/v1/query"; anchor it with ^ and $ to match a whole path.`)}
			if !resp.Diagnostics.Equal(want) {
				t.Errorf("diagnostics:\n got %v\nwant %v", resp.Diagnostics, want)
			}
		})
	}
	for _, pattern := range []string{"^/$", "/api", "/loki/", "^/api/v1/", "query", "/api/v1/(query|query_range)"} {
		t.Run(pattern, func(t *testing.T) {
			resp := &validator.StringResponse{}
			v.ValidateString(context.Background(), validator.StringRequest{Path: at, ConfigValue: types.StringValue(pattern)}, resp)
			if len(resp.Diagnostics) > 0 {
				t.Errorf("unexpected diagnostics %v", resp.Diagnostics)
			}
		})
	}
}

func TestDurationValidator(t *testing.T) {
	at := path.Root("prometheus").AtName("scrape_interval")
	invalid := func(value, fix string) stringCase {
		return stringCase{types.StringValue(value), "Invalid Duration",
			`prometheus.scrape_interval is "` + value + `", which is not a duration Perses accepts.` + "\n\n" + fix}
	}
	generic := `Write numbers each followed by a unit among y, w, d, h, m, s and ms, largest unit first, e.g. "15s" or "1m30s".`
	cases := alwaysAccepted
	for _, ok := range []string{"15s", "1m30s", "1h", "500ms", "1y2w3d4h5m6s7ms"} {
		cases = append(cases, stringCase{value: types.StringValue(ok)})
	}
	checkString(t, durationValidator(), at, append(cases,
		// Empty is notEmptyStringValidator's to report.
		stringCase{value: types.StringValue("")},
		invalid("15", `Write "15s".`),
		invalid("15S", `Write "15s".`),
		invalid("1m 30s", `Write "1m30s".`),
		invalid("30s1m", generic),
		invalid("1.5m", generic),
		invalid("-15s", generic),
	))
}

type mapCase struct {
	name  string
	value types.Map
	want  diag.Diagnostics
}

func checkMap(t *testing.T, v validator.Map, at path.Path, cases []mapCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := &validator.MapResponse{}
			v.ValidateMap(context.Background(), validator.MapRequest{Path: at, ConfigValue: c.value}, resp)
			if !resp.Diagnostics.Equal(c.want) {
				t.Errorf("diagnostics:\n got %v\nwant %v", resp.Diagnostics, c.want)
			}
		})
	}
}

func TestNoAuthorizationHeaderValidator(t *testing.T) {
	at := path.Root("tempo").AtName("proxy").AtName("headers")
	refused := func(name string) diag.Diagnostic {
		return diag.NewAttributeErrorDiagnostic(at.AtMapKey(name), "Credentials In Proxy Headers",
			`tempo.proxy.headers sets the header "`+name+`": Perses does not let a datasource's headers carry credentials, `+
				"and they would be stored in clear in Perses and in the Terraform state.\n\n"+
				"Put the credential in a Perses secret (basicAuth, authorization or oauth), set secret to its name, and remove this header.")
	}
	checkMap(t, noAuthorizationHeaderValidator{}, at, []mapCase{
		{name: "null", value: types.MapNull(types.StringType)},
		{name: "unknown", value: types.MapUnknown(types.StringType)},
		{name: "other headers", value: stringMap(t, map[string]string{"X-Scope-OrgID": "platform"})},
		{name: "Authorization", value: stringMap(t, map[string]string{"Authorization": "Bearer x", "X-Scope-OrgID": "platform"}),
			want: diag.Diagnostics{refused("Authorization")}},
		// Perses only drops the exact name; Go's http.Header sends this one as Authorization.
		{name: "authorization", value: stringMap(t, map[string]string{"authorization": "Basic x"}),
			want: diag.Diagnostics{refused("authorization")}},
	})
}

func TestExactlyOneOfHTTPValidator(t *testing.T) {
	at := path.Root("victorialogs")
	k := victorialogs
	proxy := proxyObject(t, k, map[string]attr.Value{proxyURLAttribute: types.StringValue("http://victorialogs:9428")})
	directURL := types.StringValue("https://victorialogs.example.com")
	unknownProxy := types.ObjectUnknown(as[types.ObjectType](t, k.AttrTypes()[proxyAttribute]).AttrTypes)
	cases := []struct {
		name  string
		value types.Object
		want  diag.Diagnostics
	}{
		{name: "null", value: types.ObjectNull(k.AttrTypes())},
		{name: "unknown", value: types.ObjectUnknown(k.AttrTypes())},
		{name: "direct_url", value: kindObject(t, k, map[string]attr.Value{directURLAttribute: directURL})},
		{name: "proxy", value: kindObject(t, k, map[string]attr.Value{proxyAttribute: proxy})},
		{name: "unknown direct_url", value: kindObject(t, k, map[string]attr.Value{directURLAttribute: types.StringUnknown()})},
		{name: "unknown proxy beside direct_url", value: kindObject(t, k, map[string]attr.Value{directURLAttribute: directURL, proxyAttribute: unknownProxy})},
		{
			name:  "both",
			value: kindObject(t, k, map[string]attr.Value{directURLAttribute: directURL, proxyAttribute: proxy}),
			want: diag.Diagnostics{diag.NewAttributeErrorDiagnostic(at, "Conflicting Datasource Access",
				"victorialogs sets both direct_url and proxy, but Perses accepts exactly one of them.\n\n"+
					"Keep direct_url for browsers to query the datasource directly, or proxy for the Perses server to forward the queries, and remove the other.")},
		},
		{
			name:  "neither",
			value: kindObject(t, k, map[string]attr.Value{}),
			want: diag.Diagnostics{diag.NewAttributeErrorDiagnostic(at, "Missing Datasource Access",
				"victorialogs sets neither direct_url nor proxy, but Perses needs exactly one of them.\n\n"+
					`Add direct_url = "https://victorialogs.example.com" for browsers to query the datasource directly, `+
					`or proxy = { url = "https://victorialogs.example.com" } for the Perses server to forward the queries.`)},
		},
	}
	v := exactlyOneOfHTTPValidator{example: exampleURL(k)}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := &validator.ObjectResponse{}
			v.ValidateObject(context.Background(), validator.ObjectRequest{Path: at, ConfigValue: c.value}, resp)
			if !resp.Diagnostics.Equal(c.want) {
				t.Errorf("diagnostics:\n got %v\nwant %v", resp.Diagnostics, c.want)
			}
		})
	}
}
