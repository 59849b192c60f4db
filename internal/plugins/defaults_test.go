package plugins

import (
	"context"
	"testing"

	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// allowedEndpointsAttribute is k's resource proxy.allowed_endpoints.
func allowedEndpointsSchema(t *testing.T, k *Kind) rschema.ListNestedAttribute {
	t.Helper()
	proxy := as[rschema.SingleNestedAttribute](t, k.ResourceAttribute().Attributes[proxyAttribute])
	return as[rschema.ListNestedAttribute](t, proxy.Attributes[allowedEndpointsAttribute])
}

// planAllowedEndpoints runs the plan modifiers of allowed_endpoints on a plan value (the default,
// when the configuration omits it) for an existing object holding stored (or none: null).
func planAllowedEndpoints(t *testing.T, k *Kind, config, plan, stored types.List) types.List {
	t.Helper()
	state := tfsdk.State{Raw: tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{})}
	req := planmodifier.ListRequest{ConfigValue: config, PlanValue: plan, StateValue: stored, State: state}
	resp := &planmodifier.ListResponse{PlanValue: req.PlanValue}
	for _, m := range allowedEndpointsSchema(t, k).PlanModifiers {
		m.PlanModifyList(context.Background(), req, resp)
	}
	if resp.Diagnostics.HasError() {
		t.Fatalf("%s: %v", k.Attribute, resp.Diagnostics)
	}
	return resp.PlanValue
}

var endpointType = types.ObjectType{AttrTypes: endpointAttrTypes}

// The framework plans an omitted allowed_endpoints as its Default: the kind's default list, in
// the UI's order.
func TestOmittedAllowedEndpointsDefaultToTheKindsList(t *testing.T) {
	for _, k := range Kinds() {
		d := allowedEndpointsSchema(t, k).Default
		if d == nil {
			t.Fatalf("%s: allowed_endpoints has no default", k.Attribute)
		}
		resp := &defaults.ListResponse{}
		d.DefaultList(context.Background(), defaults.ListRequest{}, resp)
		if want := endpoints(k.DefaultAllowedEndpoints...); !resp.PlanValue.Equal(want) {
			t.Errorf("%s: default %s, want %s", k.Attribute, resp.PlanValue, want)
		}
	}
}

// A stored list with the default's entries in another order satisfies an omitted list: the plan
// keeps it (a write would only reorder them). Anything else gets the default.
func TestOmittedAllowedEndpointsKeepTheDefaultsInAStoredOrder(t *testing.T) {
	defaults := endpoints(prometheus.DefaultAllowedEndpoints...)
	reversed := make([]Endpoint, 0, len(prometheus.DefaultAllowedEndpoints))
	for i := len(prometheus.DefaultAllowedEndpoints) - 1; i >= 0; i-- {
		reversed = append(reversed, prometheus.DefaultAllowedEndpoints[i])
	}
	stored := endpoints(reversed...)
	omitted := types.ListNull(endpointType)
	for _, tc := range []struct {
		name           string
		config, stored types.List
		want           types.List
	}{
		{"stored in another order", omitted, stored, stored},
		{"stored in the default order", omitted, defaults, defaults},
		{"stored with one entry less", omitted, endpoints(reversed[1:]...), defaults},
		{"stored with one entry twice", omitted, endpoints(append(reversed[1:], reversed[1])...), defaults},
		{"stored empty", omitted, endpoints(), defaults},
		{"new object", omitted, types.ListNull(endpointType), defaults},
	} {
		plan := defaults
		got := planAllowedEndpoints(t, prometheus, tc.config, plan, tc.stored)
		if !got.Equal(tc.want) {
			t.Errorf("%s: planned %s, want %s", tc.name, got, tc.want)
		}
	}
}

// An explicit list, empty or in another order than the stored one, is the configuration's.
func TestExplicitAllowedEndpointsAreKept(t *testing.T) {
	reordered := endpoints(prometheus.DefaultAllowedEndpoints[1], prometheus.DefaultAllowedEndpoints[0])
	for _, explicit := range []types.List{endpoints(), endpoints(Endpoint{Pattern: "/api/v1/query", Method: "POST"}), reordered} {
		got := planAllowedEndpoints(t, prometheus, explicit, explicit, endpoints(prometheus.DefaultAllowedEndpoints[:2]...))
		if !got.Equal(explicit) {
			t.Errorf("planned %s, want %s", got, explicit)
		}
	}
}

// The default list must have the type the schema gives allowed_endpoints, or the framework
// refuses the plan.
func TestDefaultAllowedEndpointsHaveTheAttributeType(t *testing.T) {
	for _, k := range Kinds() {
		proxyType := as[types.ObjectType](t, k.AttrTypes()[proxyAttribute])
		want := proxyType.AttrTypes[allowedEndpointsAttribute]
		got := endpoints(k.DefaultAllowedEndpoints...).Type(context.Background())
		if !got.Equal(want) {
			t.Errorf("%s: default type %s, want %s", k.Attribute, got, want)
		}
	}
}
