package plugins

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
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
		for _, mode := range []Mode{ModeDataSource, ModeInput} {
			dataSource := dschema.Schema{Attributes: map[string]dschema.Attribute{k.Attribute: k.DataSourceAttribute(mode)}}
			if diags := dataSource.ValidateImplementation(ctx); diags.HasError() {
				t.Errorf("%s: data source schema (mode %d): %v", k.Attribute, mode, diags)
			}
			if got := k.DataSourceAttribute(mode).GetType(); !got.Equal(want) {
				t.Errorf("%s: data source attribute type (mode %d) %s, want %s", k.Attribute, mode, got, want)
			}
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
	if !endpoints.Optional || !endpoints.Computed || len(endpoints.PlanModifiers) != 1 {
		t.Errorf("allowed_endpoints: Optional %v, Computed %v, %d plan modifiers; want Optional+Computed with the defaults modifier",
			endpoints.Optional, endpoints.Computed, len(endpoints.PlanModifiers))
	}
	if scrape := as[rschema.StringAttribute](t, a.Attributes["scrape_interval"]); !scrape.Optional || len(scrape.Validators) != 2 {
		t.Errorf("scrape_interval: Optional %v, %d validators; want Optional, not empty and duration",
			scrape.Optional, len(scrape.Validators))
	}
}

func TestDataSourceInputAttributeIsUserInput(t *testing.T) {
	a := prometheus.DataSourceAttribute(ModeInput)
	if !a.Optional || a.Computed || len(a.Validators) != 1 {
		t.Errorf("prometheus: Optional %v, Computed %v, %d validators", a.Optional, a.Computed, len(a.Validators))
	}
	proxy := as[dschema.SingleNestedAttribute](t, a.Attributes[proxyAttribute])
	endpoints := as[dschema.ListNestedAttribute](t, proxy.Attributes[allowedEndpointsAttribute])
	// Computed so that a data source may store the defaults ToSpec applied.
	if !endpoints.Optional || !endpoints.Computed {
		t.Errorf("allowed_endpoints: Optional %v, Computed %v; want both", endpoints.Optional, endpoints.Computed)
	}
	method := as[dschema.StringAttribute](t, endpoints.NestedObject.Attributes[methodAttribute])
	if !method.Required || len(method.Validators) != 1 {
		t.Errorf("method: Required %v, %d validators", method.Required, len(method.Validators))
	}
}

func TestDataSourceReadAttributeIsComputed(t *testing.T) {
	for _, k := range Kinds() {
		var check func(name string, a dschema.Attribute)
		check = func(name string, a dschema.Attribute) {
			if !a.IsComputed() || a.IsOptional() || a.IsRequired() {
				t.Errorf("%s: %s is not Computed only", k.Attribute, name)
			}
			switch a := a.(type) {
			case dschema.SingleNestedAttribute:
				if len(a.Validators) > 0 {
					t.Errorf("%s: %s has validators", k.Attribute, name)
				}
				for n, nested := range a.Attributes {
					check(name+"."+n, nested)
				}
			case dschema.ListNestedAttribute:
				for n, nested := range a.NestedObject.Attributes {
					check(name+"[*]."+n, nested)
				}
			case dschema.StringAttribute:
				if len(a.Validators) > 0 {
					t.Errorf("%s: %s has validators", k.Attribute, name)
				}
			case dschema.MapAttribute:
				if len(a.Validators) > 0 {
					t.Errorf("%s: %s has validators", k.Attribute, name)
				}
			}
		}
		check(k.Attribute, k.DataSourceAttribute(ModeDataSource))
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
