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

type listCase struct {
	name  string
	value types.List
	want  diag.Diagnostics
}

func checkList(t *testing.T, v validator.List, at path.Path, cases []listCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := &validator.ListResponse{}
			v.ValidateList(context.Background(), validator.ListRequest{Path: at, ConfigValue: c.value}, resp)
			if !resp.Diagnostics.Equal(c.want) {
				t.Errorf("diagnostics:\n got %v\nwant %v", resp.Diagnostics, c.want)
			}
		})
	}
}

// endpointsWithUnknownMethod is a list whose only entry's method is not known yet.
func endpointsWithUnknownMethod(pattern string) types.List {
	return types.ListValueMust(endpointType, []attr.Value{types.ObjectValueMust(endpointAttrTypes, map[string]attr.Value{
		endpointPatternAttribute: types.StringValue(pattern),
		methodAttribute:          types.StringUnknown(),
	})})
}

func TestEmptyAllowedEndpointsValidatorWarns(t *testing.T) {
	at := path.Root("tempo").AtName("proxy").AtName("allowed_endpoints")
	checkList(t, emptyAllowedEndpointsValidator{kind: tempo}, at, []listCase{
		{name: "null", value: types.ListNull(endpointType)},
		{name: "unknown", value: types.ListUnknown(endpointType)},
		{name: "set", value: endpoints(Endpoint{Pattern: "/api/search", Method: "GET"})},
		{name: "empty", value: endpoints(), want: diag.Diagnostics{diag.NewAttributeWarningDiagnostic(at, "Proxy Allows Every Endpoint",
			"tempo.proxy.allowed_endpoints is empty: Perses then lets every path and method through the proxy, the backend's admin APIs included.\n\n"+
				`Omit allowed_endpoints to get the endpoints the Perses UI allows for Tempo, or list the ones the datasource needs, `+
				`e.g. [{ endpoint_pattern = "/api/search", method = "GET" }].`)}},
	})
}

func TestExampleEndpointLetsNotEveryPathThrough(t *testing.T) {
	for _, k := range Kinds() {
		want := k.DefaultAllowedEndpoints[0]
		// ClickHouse's UI default is GET "/", which lets every path through.
		if k == clickhouse {
			want = Endpoint{Pattern: "^/$", Method: "GET"}
		}
		if got := exampleEndpoint(k); got != want {
			t.Errorf("%s: example endpoint %v, want %v", k.Attribute, got, want)
		}
	}
}
