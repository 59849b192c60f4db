package plugins

import (
	"context"
	"testing"

	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// allowedEndpointsModifier is the plan modifier of k's resource proxy.allowed_endpoints.
func allowedEndpointsModifier(t *testing.T, k *Kind) planmodifier.List {
	t.Helper()
	proxy := as[rschema.SingleNestedAttribute](t, k.ResourceAttribute().Attributes[proxyAttribute])
	endpoints := as[rschema.ListNestedAttribute](t, proxy.Attributes[allowedEndpointsAttribute])
	if len(endpoints.PlanModifiers) != 1 {
		t.Fatalf("%s: %d plan modifiers on allowed_endpoints, want 1", k.Attribute, len(endpoints.PlanModifiers))
	}
	return endpoints.PlanModifiers[0]
}

func planAllowedEndpoints(t *testing.T, k *Kind, config, plan types.List) types.List {
	t.Helper()
	req := planmodifier.ListRequest{ConfigValue: config, PlanValue: plan}
	resp := &planmodifier.ListResponse{PlanValue: req.PlanValue}
	allowedEndpointsModifier(t, k).PlanModifyList(context.Background(), req, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("%s: %v", k.Attribute, resp.Diagnostics)
	}
	return resp.PlanValue
}

var endpointType = types.ObjectType{AttrTypes: endpointAttrTypes}

func TestOmittedAllowedEndpointsPlanTheKindsDefaults(t *testing.T) {
	for _, k := range Kinds() {
		// The framework plans an omitted Optional+Computed attribute as unknown, or as the prior state.
		for _, plan := range []types.List{types.ListUnknown(endpointType), endpoints()} {
			got := planAllowedEndpoints(t, k, types.ListNull(endpointType), plan)
			if want := endpoints(k.DefaultAllowedEndpoints...); !got.Equal(want) {
				t.Errorf("%s: planned %s, want %s", k.Attribute, got, want)
			}
		}
	}
}

func TestEmptyAllowedEndpointsStayEmpty(t *testing.T) {
	got := planAllowedEndpoints(t, prometheus, endpoints(), endpoints())
	if !got.Equal(endpoints()) {
		t.Errorf("planned %s, want []", got)
	}
}

func TestExplicitAllowedEndpointsAreKept(t *testing.T) {
	explicit := endpoints(Endpoint{Pattern: "/api/v1/query", Method: "GET"})
	got := planAllowedEndpoints(t, prometheus, explicit, explicit)
	if !got.Equal(explicit) {
		t.Errorf("planned %s, want %s", got, explicit)
	}
}

func TestUnknownAllowedEndpointsStayUnknown(t *testing.T) {
	got := planAllowedEndpoints(t, prometheus, types.ListUnknown(endpointType), types.ListUnknown(endpointType))
	if !got.IsUnknown() {
		t.Errorf("planned %s, want unknown", got)
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
