package provider

import (
	"fmt"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// Data source schemas are derived from the resource schemas (as Grafana's provider does with
// CloneResourceSchemaForDatasource), so that an attribute reads the same in both and their
// descriptions cannot drift. Resource-only behaviour (what a change replaces, defaults, plan
// modifiers) is not copied: attribute descriptions are written to suit both.

// cloneMode says which attributes of the resource the data source's user sets.
type cloneMode struct {
	// inputs are the top-level attributes the user sets (Required or Optional as in the resource,
	// with its validators); every other one is Computed only, with no validator.
	inputs []string
	// allInputs makes every attribute an input (a data source that renders its input offline).
	allInputs bool
	// drop are top-level attributes left out: the resource's own options.
	drop []string
}

func (m cloneMode) isInput(name string) bool {
	if m.allInputs {
		return true
	}
	for _, in := range m.inputs {
		if in == name {
			return true
		}
	}
	return false
}

func (m cloneMode) dropped(name string) bool {
	for _, d := range m.drop {
		if d == name {
			return true
		}
	}
	return false
}

// dataSourceAttributes derives the top-level attributes of a data source from a resource's.
func dataSourceAttributes(resource map[string]rschema.Attribute, mode cloneMode) map[string]dschema.Attribute {
	out := make(map[string]dschema.Attribute, len(resource))
	for name, a := range resource {
		if !mode.dropped(name) {
			out[name] = cloneAttribute(a, mode.isInput(name))
		}
	}
	return out
}

func cloneAttributes(attrs map[string]rschema.Attribute, input bool) map[string]dschema.Attribute {
	out := make(map[string]dschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = cloneAttribute(a, input)
	}
	return out
}

// cloneAttribute renders a resource attribute for a data source: as user input (its presence and
// validators; a default the resource plans becomes Computed, filled by the data source), or as a
// Computed value.
func cloneAttribute(a rschema.Attribute, input bool) dschema.Attribute {
	required, optional, computed := false, false, true
	if input {
		required, optional, computed = a.IsRequired(), a.IsOptional(), a.IsComputed() && a.IsOptional()
	}
	desc := a.GetMarkdownDescription()
	switch r := a.(type) {
	case rschema.StringAttribute:
		s := dschema.StringAttribute{CustomType: r.CustomType, MarkdownDescription: desc, Sensitive: r.Sensitive,
			Required: required, Optional: optional, Computed: computed}
		if input {
			s.Validators = r.Validators
		}
		return s
	case rschema.BoolAttribute:
		s := dschema.BoolAttribute{MarkdownDescription: desc, Required: required, Optional: optional, Computed: computed}
		if input {
			s.Validators = r.Validators
		}
		return s
	case rschema.Int64Attribute:
		s := dschema.Int64Attribute{MarkdownDescription: desc, Required: required, Optional: optional, Computed: computed}
		if input {
			s.Validators = r.Validators
		}
		return s
	case rschema.MapAttribute:
		s := dschema.MapAttribute{ElementType: r.ElementType, MarkdownDescription: desc, Sensitive: r.Sensitive,
			Required: required, Optional: optional, Computed: computed}
		if input {
			s.Validators = r.Validators
		}
		return s
	case rschema.ListAttribute:
		s := dschema.ListAttribute{ElementType: r.ElementType, MarkdownDescription: desc, Sensitive: r.Sensitive,
			Required: required, Optional: optional, Computed: computed}
		if input {
			s.Validators = r.Validators
		}
		return s
	case rschema.SingleNestedAttribute:
		s := dschema.SingleNestedAttribute{Attributes: cloneAttributes(r.Attributes, input), MarkdownDescription: desc,
			Required: required, Optional: optional, Computed: computed}
		if input {
			s.Validators = r.Validators
		}
		return s
	case rschema.ListNestedAttribute:
		s := dschema.ListNestedAttribute{
			NestedObject:        dschema.NestedAttributeObject{Attributes: cloneAttributes(r.NestedObject.Attributes, input)},
			MarkdownDescription: desc, Required: required, Optional: optional, Computed: computed,
		}
		if input {
			s.Validators = r.Validators
		}
		return s
	default:
		// A new attribute type in a resource schema needs a case here; TestDataSourceSchemasFollowResources fails until then.
		panic(fmt.Sprintf("cloneAttribute: no data source form for %T", a))
	}
}
