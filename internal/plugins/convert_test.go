package plugins

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// defaultEndpointsJSON pins each kind's default allowedEndpoints, as the Perses UI pre-fills them, in
// the UI's order (../shared/perses-facts.md): a datasource created in the UI then plans no reorder.
var defaultEndpointsJSON = map[string]string{
	"prometheus": `[{"endpointPattern":"/api/v1/labels","method":"POST"},{"endpointPattern":"/api/v1/series","method":"POST"},` +
		`{"endpointPattern":"/api/v1/metadata","method":"GET"},{"endpointPattern":"/api/v1/query","method":"POST"},` +
		`{"endpointPattern":"/api/v1/query_range","method":"POST"},{"endpointPattern":"/api/v1/label/([a-zA-Z0-9_-]+)/values","method":"GET"},` +
		`{"endpointPattern":"/api/v1/parse_query","method":"POST"}]`,
	"tempo": `[{"endpointPattern":"/api/search","method":"GET"},{"endpointPattern":"/api/v2/traces","method":"GET"},` +
		`{"endpointPattern":"/api/v2/search/tags","method":"GET"},{"endpointPattern":"/api/v2/search/tag","method":"GET"}]`,
	"loki": `[{"endpointPattern":"/loki/api/v1/query","method":"GET"},{"endpointPattern":"/loki/api/v1/query_range","method":"GET"},` +
		`{"endpointPattern":"/loki/api/v1/labels","method":"GET"},{"endpointPattern":"/loki/api/v1/label/([a-zA-Z0-9_-]+)/values","method":"GET"},` +
		`{"endpointPattern":"/loki/api/v1/series","method":"GET"},{"endpointPattern":"/loki/api/v1/index/volume","method":"GET"},` +
		`{"endpointPattern":"/loki/api/v1/index/volume_range","method":"GET"},{"endpointPattern":"/loki/api/v1/index/stats","method":"GET"},` +
		`{"endpointPattern":"/loki/api/v1/tail","method":"GET"}]`,
	"pyroscope": `[{"endpointPattern":"/pyroscope/render","method":"GET"},` +
		`{"endpointPattern":"/querier.v1.QuerierService/ProfileTypes","method":"POST"},` +
		`{"endpointPattern":"/querier.v1.QuerierService/LabelNames","method":"POST"},` +
		`{"endpointPattern":"/querier.v1.QuerierService/LabelValues","method":"POST"}]`,
	"clickhouse": `[{"endpointPattern":"/","method":"GET"}]`,
	"victorialogs": `[{"endpointPattern":"/select/logsql/stats_query","method":"POST"},{"endpointPattern":"/select/logsql/stats_query_range","method":"POST"},` +
		`{"endpointPattern":"/select/logsql/field_names","method":"POST"},{"endpointPattern":"/select/logsql/field_values","method":"POST"},` +
		`{"endpointPattern":"/select/logsql/tail","method":"POST"},{"endpointPattern":"/select/logsql/query","method":"POST"},` +
		`{"endpointPattern":"/select/logsql/hits","method":"POST"},{"endpointPattern":"/select/logsql/facets","method":"POST"},` +
		`{"endpointPattern":"/select/logsql/stream_ids","method":"POST"},{"endpointPattern":"/select/logsql/streams","method":"POST"},` +
		`{"endpointPattern":"/select/logsql/stream_field_names","method":"POST"},{"endpointPattern":"/select/logsql/stream_field_values","method":"POST"}]`,
}

type roundTripCase struct {
	name  string
	value types.Object
	json  string
}

func TestRoundTripEveryKind(t *testing.T) {
	for _, k := range Kinds() {
		if defaultEndpointsJSON[k.Attribute] == "" {
			t.Fatalf("%s: no pinned default endpoints", k.Attribute)
		}
		proxy := func(attributes map[string]attr.Value) map[string]attr.Value {
			attributes[proxyURLAttribute] = types.StringValue("http://backend.monitoring.svc:8080")
			return map[string]attr.Value{proxyAttribute: proxyObject(t, k, attributes)}
		}
		cases := []roundTripCase{
			{
				name:  "direct_url",
				value: kindObject(t, k, map[string]attr.Value{directURLAttribute: types.StringValue("https://backend.example.com")}),
				json:  `{"directUrl":"https://backend.example.com"}`,
			},
			{
				name:  "proxy with the default endpoints",
				value: kindObject(t, k, proxy(map[string]attr.Value{allowedEndpointsAttribute: endpoints(k.DefaultAllowedEndpoints...)})),
				json: `{"proxy":{"kind":"HTTPProxy","spec":{"allowedEndpoints":` + defaultEndpointsJSON[k.Attribute] +
					`,"url":"http://backend.monitoring.svc:8080"}}}`,
			},
			{
				name:  "proxy with no restriction",
				value: kindObject(t, k, proxy(map[string]attr.Value{allowedEndpointsAttribute: endpoints()})),
				json:  `{"proxy":{"kind":"HTTPProxy","spec":{"allowedEndpoints":[],"url":"http://backend.monitoring.svc:8080"}}}`,
			},
			{
				name: "proxy with endpoints, headers and secret",
				value: kindObject(t, k, proxy(map[string]attr.Value{
					allowedEndpointsAttribute: endpoints(Endpoint{Pattern: "/api/.*", Method: "GET"}, Endpoint{Pattern: "/", Method: "DELETE"}),
					headersAttribute:          stringMap(t, map[string]string{"X-Scope-OrgID": "platform", "X-Team": "obs"}),
					secretAttribute:           types.StringValue("backend-basic-auth"),
				})),
				json: `{"proxy":{"kind":"HTTPProxy","spec":{` +
					`"allowedEndpoints":[{"endpointPattern":"/api/.*","method":"GET"},{"endpointPattern":"/","method":"DELETE"}],` +
					`"headers":{"X-Scope-OrgID":"platform","X-Team":"obs"},"secret":"backend-basic-auth",` +
					`"url":"http://backend.monitoring.svc:8080"}}}`,
			},
		}
		for _, c := range cases {
			t.Run(k.Attribute+"/"+c.name, func(t *testing.T) { checkRoundTrip(t, k, c) })
		}
	}
}

func TestRoundTripPrometheusFields(t *testing.T) {
	fields := map[string]attr.Value{
		"scrape_interval": types.StringValue("1m30s"),
		"query_params":    stringMap(t, map[string]string{"dedup": "true", "max_source_resolution": "5m"}),
	}
	withDirectURL := map[string]attr.Value{directURLAttribute: types.StringValue("https://prometheus.example.com")}
	withProxy := map[string]attr.Value{proxyAttribute: proxyObject(t, prometheus, map[string]attr.Value{
		proxyURLAttribute:         types.StringValue("http://prometheus.monitoring.svc:9090"),
		allowedEndpointsAttribute: endpoints(Endpoint{Pattern: "/api/v1/query", Method: "POST"}),
	})}
	for name, attributes := range fields {
		withDirectURL[name], withProxy[name] = attributes, attributes
	}
	cases := []roundTripCase{
		{
			name:  "direct_url",
			value: kindObject(t, prometheus, withDirectURL),
			json: `{"directUrl":"https://prometheus.example.com","queryParams":{"dedup":"true","max_source_resolution":"5m"},` +
				`"scrapeInterval":"1m30s"}`,
		},
		{
			name:  "proxy",
			value: kindObject(t, prometheus, withProxy),
			json: `{"proxy":{"kind":"HTTPProxy","spec":{"allowedEndpoints":[{"endpointPattern":"/api/v1/query","method":"POST"}],` +
				`"url":"http://prometheus.monitoring.svc:9090"}},"queryParams":{"dedup":"true","max_source_resolution":"5m"},` +
				`"scrapeInterval":"1m30s"}`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkRoundTrip(t, prometheus, c) })
	}
}

// checkRoundTrip checks ToSpec(value) against the exact JSON, and that both directions invert
// each other: FromSpec(ToSpec(value)) == value and ToSpec(FromSpec(spec)) == spec.
func checkRoundTrip(t *testing.T, k *Kind, c roundTripCase) {
	t.Helper()
	ctx := context.Background()
	spec, diags := k.ToSpec(ctx, c.value)
	if diags.HasError() {
		t.Fatalf("ToSpec: %v", diags)
	}
	if got := marshal(t, spec); got != c.json {
		t.Errorf("ToSpec JSON:\n got %s\nwant %s", got, c.json)
	}
	read, diags := k.FromSpec(spec)
	if diags.HasError() {
		t.Fatalf("FromSpec(ToSpec(value)): %v", diags)
	}
	if !read.Equal(c.value) {
		t.Errorf("FromSpec(ToSpec(value)):\n got %s\nwant %s", read, c.value)
	}

	serverSpec := unmarshal(t, c.json)
	read, diags = k.FromSpec(serverSpec)
	if diags.HasError() {
		t.Fatalf("FromSpec(spec): %v", diags)
	}
	written, diags := k.ToSpec(ctx, read)
	if diags.HasError() {
		t.Fatalf("ToSpec(FromSpec(spec)): %v", diags)
	}
	if !reflect.DeepEqual(written, serverSpec) {
		t.Errorf("ToSpec(FromSpec(spec)):\n got %#v\nwant %#v", written, serverSpec)
	}
}

func TestToSpecWritesDefaultsForOmittedAllowedEndpoints(t *testing.T) {
	for _, k := range Kinds() {
		value := kindObject(t, k, map[string]attr.Value{proxyAttribute: proxyObject(t, k, map[string]attr.Value{
			proxyURLAttribute: types.StringValue("http://backend:8080"),
		})})
		spec, diags := k.ToSpec(context.Background(), value)
		if diags.HasError() {
			t.Fatalf("%s: ToSpec: %v", k.Attribute, diags)
		}
		want := `{"proxy":{"kind":"HTTPProxy","spec":{"allowedEndpoints":` + defaultEndpointsJSON[k.Attribute] + `,"url":"http://backend:8080"}}}`
		if got := marshal(t, spec); got != want {
			t.Errorf("%s: ToSpec JSON:\n got %s\nwant %s", k.Attribute, got, want)
		}
	}
}

func TestFromSpecReadsAbsentOrNullAllowedEndpointsAsEmptyList(t *testing.T) {
	want := kindObject(t, tempo, map[string]attr.Value{proxyAttribute: proxyObject(t, tempo, map[string]attr.Value{
		proxyURLAttribute:         types.StringValue("http://tempo:3200"),
		allowedEndpointsAttribute: endpoints(),
	})})
	for _, spec := range []string{
		`{"proxy":{"kind":"HTTPProxy","spec":{"url":"http://tempo:3200"}}}`,
		`{"proxy":{"kind":"HTTPProxy","spec":{"url":"http://tempo:3200","allowedEndpoints":null}}}`,
		`{"proxy":{"kind":"HTTPProxy","spec":{"url":"http://tempo:3200","allowedEndpoints":[]}}}`,
	} {
		got, diags := tempo.FromSpec(unmarshal(t, spec))
		if diags.HasError() {
			t.Fatalf("FromSpec(%s): %v", spec, diags)
		}
		if !got.Equal(want) {
			t.Errorf("FromSpec(%s):\n got %s\nwant %s", spec, got, want)
		}
	}
}

// Perses keeps what it was sent, so the UI or percli may have stored empty values the provider
// never writes. They read back as null, as an omitted attribute does.
func TestFromSpecReadsEmptyOptionalValuesAsNull(t *testing.T) {
	spec := `{"proxy":{"kind":"HTTPProxy","spec":{"url":"http://prometheus:9090","allowedEndpoints":[],"headers":{},"secret":""}},` +
		`"scrapeInterval":"","queryParams":{}}`
	want := kindObject(t, prometheus, map[string]attr.Value{proxyAttribute: proxyObject(t, prometheus, map[string]attr.Value{
		proxyURLAttribute:         types.StringValue("http://prometheus:9090"),
		allowedEndpointsAttribute: endpoints(),
	})})
	got, diags := prometheus.FromSpec(unmarshal(t, spec))
	if diags.HasError() {
		t.Fatalf("FromSpec: %v", diags)
	}
	if !got.Equal(want) {
		t.Errorf("FromSpec:\n got %s\nwant %s", got, want)
	}
}

func TestFromSpecRejectsWhatTheAttributeCannotRepresent(t *testing.T) {
	cases := []struct {
		name string
		kind *Kind
		spec string
		want diag.Diagnostics
	}{
		{
			name: "unknown field",
			kind: prometheus,
			spec: `{"directUrl":"https://prometheus.example.com","timeout":"30s"}`,
			want: diag.Diagnostics{diag.NewErrorDiagnostic("Unsupported Plugin Spec Field",
				`Perses holds a PrometheusDatasource spec with the field "timeout", which the prometheus attribute cannot represent.`+
					"\n\nRemove the field from the datasource in Perses, or remove the datasource from Terraform.")},
		},
		{
			name: "another kind's field",
			kind: tempo,
			spec: `{"directUrl":"https://tempo.example.com","scrapeInterval":"15s"}`,
			want: diag.Diagnostics{diag.NewErrorDiagnostic("Unsupported Plugin Spec Field",
				`Perses holds a TempoDatasource spec with the field "scrapeInterval", which the tempo attribute cannot represent.`+
					"\n\nRemove the field from the datasource in Perses, or remove the datasource from Terraform.")},
		},
		{
			name: "unknown proxy field",
			kind: loki,
			spec: `{"proxy":{"kind":"HTTPProxy","spec":{"url":"http://loki:3100","dropHeaders":["Cookie"]}}}`,
			want: diag.Diagnostics{diag.NewErrorDiagnostic("Unsupported Plugin Spec Field",
				`Perses holds a LokiDatasource spec with the field "proxy.spec.dropHeaders", which the loki attribute cannot represent.`+
					"\n\nRemove the field from the datasource in Perses, or remove the datasource from Terraform.")},
		},
		{
			name: "unknown endpoint field",
			kind: loki,
			spec: `{"proxy":{"kind":"HTTPProxy","spec":{"url":"http://loki:3100","allowedEndpoints":[{"endpointPattern":"/","method":"GET","note":"x"}]}}}`,
			want: diag.Diagnostics{diag.NewErrorDiagnostic("Unsupported Plugin Spec Field",
				`Perses holds a LokiDatasource spec with the field "proxy.spec.allowedEndpoints[0].note", which the loki attribute cannot represent.`+
					"\n\nRemove the field from the datasource in Perses, or remove the datasource from Terraform.")},
		},
		{
			name: "another proxy kind",
			kind: clickhouse,
			spec: `{"proxy":{"kind":"SQLProxy","spec":{"url":"http://clickhouse:8123"}}}`,
			want: diag.Diagnostics{diag.NewErrorDiagnostic("Unsupported Plugin Spec Field",
				`Perses holds a ClickHouseDatasource spec whose field "proxy.kind" is the string "SQLProxy", where the clickhouse attribute expects "HTTPProxy".`+
					"\n\nChange the datasource in Perses to a supported form, or remove it from Terraform.")},
		},
		{
			name: "wrong type",
			kind: prometheus,
			spec: `{"directUrl":"https://prometheus.example.com","queryParams":{"step":60}}`,
			want: diag.Diagnostics{diag.NewErrorDiagnostic("Invalid Plugin Spec Field",
				`Perses holds a PrometheusDatasource spec whose field "queryParams[\"step\"]" is a number where a string was expected.`+
					"\n\nCorrect the field in the datasource in Perses.")},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, diags := c.kind.FromSpec(unmarshal(t, c.spec))
			if !diags.Equal(c.want) {
				t.Errorf("diagnostics:\n got %v\nwant %v", diags, c.want)
			}
			if !got.IsNull() {
				t.Errorf("value %s, want null", got)
			}
		})
	}
}

func TestToSpecRejectsUnknownValues(t *testing.T) {
	for name, value := range map[string]types.Object{
		"unknown object":       types.ObjectUnknown(prometheus.AttrTypes()),
		"null object":          types.ObjectNull(prometheus.AttrTypes()),
		"another kind's value": kindObject(t, tempo, map[string]attr.Value{directURLAttribute: types.StringValue("https://tempo.example.com")}),
		"unknown url": kindObject(t, prometheus, map[string]attr.Value{proxyAttribute: proxyObject(t, prometheus, map[string]attr.Value{
			proxyURLAttribute: types.StringUnknown(),
		})}),
	} {
		if _, diags := prometheus.ToSpec(context.Background(), value); !diags.HasError() {
			t.Errorf("%s: ToSpec gave no error", name)
		}
	}
}

func marshal(t *testing.T, spec map[string]any) string {
	t.Helper()
	data, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func unmarshal(t *testing.T, data string) map[string]any {
	t.Helper()
	var spec map[string]any
	if err := json.Unmarshal([]byte(data), &spec); err != nil {
		t.Fatal(err)
	}
	return spec
}
