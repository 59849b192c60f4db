package plugins

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
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

func TestEndpointPatternValidatorRefusesPatternsThatMatchNoPath(t *testing.T) {
	at := path.Root("loki").AtName("proxy").AtName("allowed_endpoints").AtListIndex(1).AtName("endpoint_pattern")
	whitespace := func(value, fix string) stringCase {
		return stringCase{types.StringValue(value), "Endpoint Pattern Matches No Path",
			fmt.Sprintf("loki.proxy.allowed_endpoints[1].endpoint_pattern is %q, ", value) + "which begins or ends with whitespace: request paths hold none, " +
				"so this entry lets no request through and the proxy answers 403 to the requests it was meant for.\n\n" + fix}
	}
	anchored := func(value, fix string) stringCase {
		return stringCase{types.StringValue(value), "Endpoint Pattern Matches No Path",
			fmt.Sprintf("loki.proxy.allowed_endpoints[1].endpoint_pattern is %q, ", value) + "which matches no request path: ^ anchors it at the start of the path, " +
				`where every request path has "/", and what follows ^ cannot match it; ` +
				"so this entry lets no request through and the proxy answers 403 to the requests it was meant for.\n\n" + fix}
	}
	generic := `Anchor the pattern at the "/" every path starts with: write ^/ instead of ^, e.g. "^/loki/api/v1/query".`
	cases := []stringCase{
		whitespace(" /loki/api/v1/query", `Write "/loki/api/v1/query".`),
		whitespace("/loki/api/v1/query\t", `Write "/loki/api/v1/query".`),
		// The suggestion also corrects the anchor.
		whitespace(" ^loki/api/v1/query ", `Write "^/loki/api/v1/query".`),
		whitespace(" ", `Write a regular expression matched anywhere in the request path, e.g. "/loki/api/v1/query".`),
		anchored("^loki/api/v1/query", `Write "^/loki/api/v1/query".`),
		anchored("^$", `Write "^/$".`),
		anchored("^(loki|api)/", `Write "^/(loki|api)/".`),
		anchored("^[a-z]+/query", `Write "^/[a-z]+/query".`),
		anchored("^a?b", `Write "^/a?b".`),
		anchored("^\\w", `Write "^/\\w".`),
		anchored("(?i)^Loki", `Anchor the pattern at the "/" every path starts with: write ^/ instead of ^, e.g. "^/loki/api/v1/query".`),
		anchored("^loki|^api", generic),
		// An assertion can only make fewer paths match.
		anchored("^\\bx", `Write "^/\\bx".`),
	}
	// What can match "/" after ^, what can match nothing there, an unanchored alternative, and the
	// assertions this analysis cannot tell about are all left alone.
	for _, ok := range []string{"^/loki", "^.api", "^\\Wapi", "^[^a]pi", "^(/|x)api", "^(x|)/api", "^a*/api", "^a?/api", "^(a|/)api", "^loki|/api", "^loki|(/api)", "(?m)^loki", "\\^loki", "[\\^]loki", "loki^"} {
		cases = append(cases, stringCase{value: types.StringValue(ok)})
	}
	for _, c := range cases {
		if c.summary == "" && matchesEveryPath(regexp.MustCompile(c.value.ValueString())) {
			t.Fatalf("%s matches every path: the warning would hide the check", c.value)
		}
	}
	checkString(t, endpointPatternValidator{example: "/loki/api/v1/query"}, at, cases)
}

func TestEndpointPatternValidatorSuggestsAnAnchoredExample(t *testing.T) {
	at := path.Root("clickhouse").AtName("proxy").AtName("allowed_endpoints").AtListIndex(0).AtName("endpoint_pattern")
	checkString(t, endpointPatternValidator{example: "^/$"}, at, []stringCase{{types.StringValue("^a|^b"), "Endpoint Pattern Matches No Path",
		`clickhouse.proxy.allowed_endpoints[0].endpoint_pattern is "^a|^b", which matches no request path: ^ anchors it at the start of the path, ` +
			`where every request path has "/", and what follows ^ cannot match it; ` +
			"so this entry lets no request through and the proxy answers 403 to the requests it was meant for.\n\n" +
			`Anchor the pattern at the "/" every path starts with: write ^/ instead of ^, e.g. "^/$".`}})
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

func TestNoCredentialHeadersValidator(t *testing.T) {
	at := path.Root("tempo").AtName("proxy").AtName("headers")
	fix := "\n\nPut the credential in a perses_global_secret or perses_project_secret (basic_auth, authorization or oauth), " +
		"set proxy.secret to its name, and remove this header."
	dropped := func(name string) diag.Diagnostic {
		return diag.NewAttributeErrorDiagnostic(at.AtMapKey(name), "Credentials In Proxy Headers",
			`tempo.proxy.headers sets the header "`+name+`": Perses does not let a datasource's headers carry credentials, `+
				"and they would be stored in clear in Perses and in the Terraform state."+fix)
	}
	stored := func(name string) diag.Diagnostic {
		return diag.NewAttributeErrorDiagnostic(at.AtMapKey(name), "Credentials In Proxy Headers",
			`tempo.proxy.headers sets the header "`+name+`", which carries credentials: `+
				"they would be stored in clear in Perses and in the Terraform state."+fix)
	}
	cases := []mapCase{
		{name: "null", value: types.MapNull(types.StringType)},
		{name: "unknown", value: types.MapUnknown(types.StringType)},
		{name: "other headers", value: stringMap(t, map[string]string{"X-Scope-OrgID": "platform", "X-Api-Version": "2", "Accept": "application/json"})},
		{name: "Authorization", value: stringMap(t, map[string]string{"Authorization": "Bearer x", "X-Scope-OrgID": "platform"}),
			want: diag.Diagnostics{dropped("Authorization")}},
		// Perses only drops the exact name; Go's http.Header sends this one as Authorization.
		{name: "authorization", value: stringMap(t, map[string]string{"authorization": "Basic x"}),
			want: diag.Diagnostics{dropped("authorization")}},
		{name: "several, in name order", value: stringMap(t, map[string]string{"x-api-key": "k", "Cookie": "session=x", "X-Scope-OrgID": "platform"}),
			want: diag.Diagnostics{stored("Cookie"), stored("x-api-key")}},
	}
	for _, name := range CredentialHeaders[1:] {
		cases = append(cases, mapCase{name: name, value: stringMap(t, map[string]string{name: "x"}), want: diag.Diagnostics{stored(name)}})
	}
	checkMap(t, noCredentialHeadersValidator{}, at, cases)
}

func TestNoUserInfoValidator(t *testing.T) {
	proxyURL := path.Root("prometheus").AtName("proxy").AtName("url")
	checkString(t, noUserInfoValidator{}, proxyURL, append(alwaysAccepted,
		stringCase{value: types.StringValue("https://prometheus.example.com")},
		stringCase{value: types.StringValue("http://127.0.0.1:9090/prefix?user=a@b")},
		stringCase{value: types.StringValue("https://prometheus.example.com/@me")},
		stringCase{value: types.StringValue("not a url")},
		stringCase{types.StringValue("https://perses:s3cret@prometheus.example.com:9090/prefix"), "Credentials In URL",
			`prometheus.proxy.url is "https://***@prometheus.example.com:9090/prefix", which carries credentials before its host: ` +
				"they would be stored in clear in Perses and in the Terraform state.\n\n" +
				`Write "https://prometheus.example.com:9090/prefix", and put the credentials in a perses_global_secret or perses_project_secret (basic_auth) ` +
				"whose name you set in proxy.secret."},
		stringCase{types.StringValue("https://token@prometheus.example.com"), "Credentials In URL",
			`prometheus.proxy.url is "https://***@prometheus.example.com", which carries credentials before its host: ` +
				"they would be stored in clear in Perses and in the Terraform state.\n\n" +
				`Write "https://prometheus.example.com", and put the credentials in a perses_global_secret or perses_project_secret (basic_auth) ` +
				"whose name you set in proxy.secret."},
	))
	directURL := path.Root("loki").AtName("direct_url")
	checkString(t, noUserInfoValidator{direct: true}, directURL, []stringCase{
		{value: types.StringValue("https://loki.example.com")},
		{types.StringValue("https://user:p%40ss@loki.example.com"), "Credentials In URL",
			`loki.direct_url is "https://***@loki.example.com", which carries credentials before its host: Perses hands the direct URL to ` +
				"the browser of every dashboard viewer, and it would be stored in clear in Perses and in the Terraform state.\n\n" +
				`Write "https://loki.example.com". For a backend that needs credentials, let the Perses server query it instead: ` +
				`proxy = { url = "https://loki.example.com", secret = "<secret name>" }, with the credentials in a perses_global_secret or perses_project_secret (basic_auth).`},
	})
}

func TestSpecCredentialProblems(t *testing.T) {
	spec := decode(t, `{"directUrl":"https://u:p@jaeger.example.com","proxy":{"kind":"HTTPProxy","spec":{"url":"http://u@127.0.0.1:16686",`+
		`"headers":{"X-Scope-OrgID":"a","Authorization":"Bearer x","X-Auth-Token":"t"}}}}`)
	fix := "Put the credential in a perses_global_secret or perses_project_secret (basic_auth, authorization or oauth), " +
		"set proxy.spec.secret to its name, and remove this header."
	want := []Problem{
		{"Credentials In URL", `plugin.spec_json sets directUrl to "https://***@jaeger.example.com", which carries credentials before its host: ` +
			"Perses hands the direct URL to the browser of every dashboard viewer, and it would be stored in clear in Perses and in the Terraform state.",
			`Write "https://jaeger.example.com" in directUrl. For a backend that needs credentials, let the Perses server query it instead: ` +
				`proxy = { kind = "HTTPProxy", spec = { url = "https://jaeger.example.com", secret = "<secret name>" } }, ` +
				"with the credentials in a perses_global_secret or perses_project_secret (basic_auth)."},
		{"Credentials In URL", `plugin.spec_json sets proxy.spec.url to "http://***@127.0.0.1:16686", which carries credentials before its host: ` +
			"they would be stored in clear in Perses and in the Terraform state.",
			`Write "http://127.0.0.1:16686" in proxy.spec.url, and put the credentials in a perses_global_secret or perses_project_secret (basic_auth) ` +
				"whose name you set in proxy.spec.secret."},
		{"Credentials In Proxy Headers", `plugin.spec_json sets the header "Authorization" in proxy.spec.headers: Perses does not let a datasource's ` +
			"headers carry credentials, and they would be stored in clear in Perses and in the Terraform state.", fix},
		{"Credentials In Proxy Headers", `plugin.spec_json sets the header "X-Auth-Token" in proxy.spec.headers, which carries credentials: ` +
			"they would be stored in clear in Perses and in the Terraform state.", fix},
	}
	if got := SpecCredentialProblems("plugin.spec_json", spec); !reflect.DeepEqual(got, want) {
		t.Errorf("SpecCredentialProblems:\n got %#v\nwant %#v", got, want)
	}
	for _, clean := range []string{`{"directUrl":"https://jaeger.example.com"}`, `{"proxy":{"kind":"HTTPProxy","spec":{"url":"http://127.0.0.1:16686","headers":{"X-Scope-OrgID":"a"}}}}`, `{}`} {
		if got := SpecCredentialProblems("plugin.spec_json", decode(t, clean)); len(got) > 0 {
			t.Errorf("SpecCredentialProblems(%s) = %#v, want none", clean, got)
		}
	}
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

func TestHasTopLevelAlternative(t *testing.T) {
	for pattern, want := range map[string]bool{
		"^a|^b": true, "a|b": true, "(a)|b": true, `\(|a`: true,
		"^(a|b)": false, "[|]": false, `\|`: false, "[]|]": false, "[^]|]": false, "^a": false,
	} {
		if got := hasTopLevelAlternative(pattern); got != want {
			t.Errorf("hasTopLevelAlternative(%q) = %v, want %v", pattern, got, want)
		}
	}
}
