package plugins

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestSchemasAreValidAndMatchAttrTypes(t *testing.T) {
	ctx := context.Background()
	for _, k := range Kinds() {
		want := types.ObjectType{AttrTypes: k.AttrTypes()}

		resource := rschema.Schema{Attributes: map[string]rschema.Attribute{k.Attribute: k.ResourceAttribute()}}
		if diags := resource.ValidateImplementation(ctx); diags.HasError() {
			t.Errorf("%s: resource schema: %v", k.Attribute, diags)
		}
		if got := k.ResourceAttribute().GetType(); !got.Equal(want) {
			t.Errorf("%s: resource attribute type %s, want %s", k.Attribute, got, want)
		}
	}
}

func TestResourceAttributeIsUserInput(t *testing.T) {
	a := prometheus.ResourceAttribute()
	if !a.Optional || a.Computed || len(a.Validators) != 1 {
		t.Errorf("prometheus: Optional %v, Computed %v, %d validators; want Optional with the direct_url/proxy validator",
			a.Optional, a.Computed, len(a.Validators))
	}
	proxy := as[rschema.SingleNestedAttribute](t, a.Attributes[proxyAttribute])
	if url := proxy.Attributes[proxyURLAttribute]; !url.IsRequired() {
		t.Error("proxy.url is not Required")
	}
	endpoints := as[rschema.ListNestedAttribute](t, proxy.Attributes[allowedEndpointsAttribute])
	if !endpoints.Optional || !endpoints.Computed || endpoints.Default == nil || len(endpoints.PlanModifiers) != 1 {
		t.Errorf("allowed_endpoints: Optional %v, Computed %v, default %v, %d plan modifiers; want Optional+Computed with the default and the stored-order modifier",
			endpoints.Optional, endpoints.Computed, endpoints.Default, len(endpoints.PlanModifiers))
	}
	if scrape := as[rschema.StringAttribute](t, a.Attributes["scrape_interval"]); !scrape.Optional || len(scrape.Validators) != 2 {
		t.Errorf("scrape_interval: Optional %v, %d validators; want Optional, not empty and duration",
			scrape.Optional, len(scrape.Validators))
	}
}

func TestAttrTypesOfPrometheus(t *testing.T) {
	endpoint := types.ObjectType{AttrTypes: map[string]attr.Type{"endpoint_pattern": types.StringType, "method": types.StringType}}
	want := types.ObjectType{AttrTypes: map[string]attr.Type{
		"direct_url": types.StringType,
		"proxy": types.ObjectType{AttrTypes: map[string]attr.Type{
			"url":               types.StringType,
			"allowed_endpoints": types.ListType{ElemType: endpoint},
			"headers":           types.MapType{ElemType: types.StringType},
			"secret":            types.StringType,
		}},
		"scrape_interval": types.StringType,
		"query_params":    types.MapType{ElemType: types.StringType},
	}}
	if got := (types.ObjectType{AttrTypes: prometheus.AttrTypes()}); !got.Equal(want) {
		t.Errorf("AttrTypes() = %s, want %s", got, want)
	}
}
