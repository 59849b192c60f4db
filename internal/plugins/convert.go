package plugins

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// The plugin spec is handled as the Go values encoding/json decodes into an `any`
// (map[string]any, []any, string), so that what FromSpec reads and what ToSpec writes compare with
// reflect.DeepEqual. Upstream's Go type for the proxy (spec/go/datasource/proxy/http.Config) is not
// used: it drops an empty allowedEndpoints (omitempty) and re-encodes URLs, both of which would
// make Terraform see a difference that is not there.
//
// Round-trip rules, so that reading back what was written never shows a difference:
//   - an unset or empty string or map is left out, and an absent or empty one reads back as null
//     (the validators refuse empty values, so a configuration never holds one);
//   - a list is always written when set, even empty ([] means "no restriction" for
//     allowedEndpoints), and an absent one reads back as an empty list;
//   - a null allowed_endpoints stands for the kind's defaults (see ToSpec).

// ToSpec converts a known value of the kind's attribute into the plugin spec Perses stores.
//
// A null proxy.allowed_endpoints is written as the kind's DefaultAllowedEndpoints. In a resource
// this never happens (the framework has already planned its Default); in a data source, which
// has no plan, this is how an omitted allowed_endpoints gets its defaults. FromSpec(ToSpec(v))
// therefore gives v with the defaults filled in.
func (k *Kind) ToSpec(ctx context.Context, obj types.Object) (map[string]any, diag.Diagnostics) {
	var diags diag.Diagnostics
	value, err := obj.ToTerraformValue(ctx)
	if err != nil || obj.IsNull() || !value.IsFullyKnown() || !obj.Type(ctx).Equal(types.ObjectType{AttrTypes: k.AttrTypes()}) {
		diags.Append(diagnostics.Error("Cannot Build Plugin Spec",
			fmt.Sprintf("The %s attribute must be set, fully known and of its own type to build its %s spec.", k.Attribute, k.PluginKind),
			"This is a bug in the provider: please report it.", err))
		return nil, diags
	}
	spec, err := k.attribute().objectToJSON(obj)
	if err != nil {
		diags.Append(diagnostics.Error("Cannot Build Plugin Spec",
			fmt.Sprintf("The %s attribute cannot be converted to a %s spec.", k.Attribute, k.PluginKind),
			"This is a bug in the provider: please report it.", err))
		return nil, diags
	}
	return spec, diags
}

// FromSpec converts a plugin spec read from Perses into a value of the kind's attribute. A field
// the attribute cannot represent, or of an unexpected JSON type, is an error naming it: ignoring it
// would let the next apply silently remove it.
func (k *Kind) FromSpec(spec map[string]any) (types.Object, diag.Diagnostics) {
	d := decoder{kind: k}
	value := d.fromJSON(k.attribute(), spec, "")
	object, ok := value.(types.Object)
	if !ok || d.diags.HasError() {
		return types.ObjectNull(k.AttrTypes()), d.diags
	}
	return object, d.diags
}

// toJSON converts the known value v of a; present is false when it is left out of the spec.
func (a attribute) toJSON(v attr.Value) (value any, present bool, err error) {
	if v.IsNull() && a.defaultValue != nil {
		v = a.defaultValue
	}
	if v.IsNull() {
		return nil, false, nil
	}
	switch a.typ {
	case stringType:
		s, ok := v.(types.String)
		if !ok {
			return nil, false, fmt.Errorf("%s is a %T, not a string", a.json, v)
		}
		return s.ValueString(), s.ValueString() != "", nil
	case stringMapType:
		m, ok := v.(types.Map)
		if !ok {
			return nil, false, fmt.Errorf("%s is a %T, not a map", a.json, v)
		}
		object := make(map[string]any, len(m.Elements()))
		for key, element := range m.Elements() {
			s, ok := element.(types.String)
			if !ok {
				return nil, false, fmt.Errorf("%s[%q] is a %T, not a string", a.json, key, element)
			}
			object[key] = s.ValueString()
		}
		return object, len(object) > 0, nil
	case objectListType:
		l, ok := v.(types.List)
		if !ok {
			return nil, false, fmt.Errorf("%s is a %T, not a list", a.json, v)
		}
		// Not nil, so that an empty list is encoded as [] rather than null.
		array := make([]any, 0, len(l.Elements()))
		element := attribute{typ: objectType, json: a.json, nested: a.nested}
		for _, e := range l.Elements() {
			item, _, err := element.toJSON(e)
			if err != nil {
				return nil, false, err
			}
			array = append(array, item)
		}
		return array, true, nil
	default:
		o, ok := v.(types.Object)
		if !ok {
			return nil, false, fmt.Errorf("%s is a %T, not an object", a.json, v)
		}
		object, err := a.objectToJSON(o)
		if err != nil {
			return nil, false, err
		}
		if a.envelope != "" {
			return map[string]any{"kind": a.envelope, "spec": object}, true, nil
		}
		return object, true, nil
	}
}

// objectToJSON converts the known object o of a into a JSON object, without a's envelope.
func (a attribute) objectToJSON(o types.Object) (map[string]any, error) {
	object := map[string]any{}
	attributes := o.Attributes()
	for name, n := range a.nested {
		value, present, err := n.toJSON(attributes[name])
		if err != nil {
			return nil, err
		}
		if present {
			object[n.json] = value
		}
	}
	return object, nil
}

// decoder converts a plugin spec of kind, collecting every problem it finds.
type decoder struct {
	kind  *Kind
	diags diag.Diagnostics
}

// fromJSON converts the JSON value raw (nil when absent) of a, found at field in the spec.
func (d *decoder) fromJSON(a attribute, raw any, field string) attr.Value {
	switch a.typ {
	case stringType:
		s, ok := raw.(string)
		if raw != nil && !ok {
			d.invalid(field, raw, "a string")
		}
		if s == "" {
			return types.StringNull()
		}
		return types.StringValue(s)
	case stringMapType:
		object, ok := raw.(map[string]any)
		if raw != nil && !ok {
			d.invalid(field, raw, "an object of strings")
		}
		if len(object) == 0 {
			return types.MapNull(types.StringType)
		}
		elements := make(map[string]attr.Value, len(object))
		for key, element := range object {
			s, ok := element.(string)
			if !ok {
				d.invalid(fmt.Sprintf("%s[%q]", field, key), element, "a string")
			}
			elements[key] = types.StringValue(s)
		}
		return d.value(types.MapValue(types.StringType, elements))
	case objectListType:
		array, ok := raw.([]any)
		if raw != nil && !ok {
			d.invalid(field, raw, "an array")
		}
		element := attribute{typ: objectType, nested: a.nested}
		elements := make([]attr.Value, 0, len(array))
		for i, item := range array {
			elements = append(elements, d.fromJSON(element, item, fmt.Sprintf("%s[%d]", field, i)))
		}
		return d.value(types.ListValue(element.attrType(), elements))
	default:
		return d.objectFromJSON(a, raw, field)
	}
}

func (d *decoder) objectFromJSON(a attribute, raw any, field string) attr.Value {
	attrTypes := attrTypes(a.nested)
	if raw == nil {
		return types.ObjectNull(attrTypes)
	}
	object, ok := raw.(map[string]any)
	if !ok {
		d.invalid(field, raw, "an object")
		return types.ObjectNull(attrTypes)
	}
	if a.envelope != "" {
		object = d.unwrap(a.envelope, object, field)
		field = join(field, "spec")
	}
	attributes := make(map[string]attr.Value, len(a.nested))
	known := make(map[string]bool, len(a.nested))
	// In a fixed order, so that several problems are always reported in the same order.
	for _, name := range slices.Sorted(maps.Keys(a.nested)) {
		n := a.nested[name]
		known[n.json] = true
		attributes[name] = d.fromJSON(n, object[n.json], join(field, n.json))
	}
	for _, key := range slices.Sorted(maps.Keys(object)) {
		if !known[key] {
			d.unsupported(join(field, key))
		}
	}
	return d.value(types.ObjectValue(attrTypes, attributes))
}

// unwrap returns the spec of a {"kind": kind, "spec": {...}} envelope found at field.
func (d *decoder) unwrap(kind string, envelope map[string]any, field string) map[string]any {
	if envelope["kind"] != kind {
		d.diags.Append(diagnostics.Error("Unsupported Plugin Spec Field",
			fmt.Sprintf("Perses holds a %s spec whose field %q is %s, where the %s attribute expects %q.",
				d.kind.PluginKind, join(field, "kind"), describeJSON(envelope["kind"]), d.kind.Attribute, kind),
			"Change the datasource in Perses to a supported form, or remove it from Terraform.", nil))
	}
	for _, key := range slices.Sorted(maps.Keys(envelope)) {
		if key != "kind" && key != "spec" {
			d.unsupported(join(field, key))
		}
	}
	spec, ok := envelope["spec"].(map[string]any)
	if envelope["spec"] != nil && !ok {
		d.invalid(join(field, "spec"), envelope["spec"], "an object")
	}
	return spec
}

func (d *decoder) unsupported(field string) {
	d.diags.Append(diagnostics.Error("Unsupported Plugin Spec Field",
		fmt.Sprintf("Perses holds a %s spec with the field %q, which the %s attribute cannot represent.",
			d.kind.PluginKind, field, d.kind.Attribute),
		"Remove the field from the datasource in Perses, or remove the datasource from Terraform.", nil))
}

func (d *decoder) invalid(field string, raw any, want string) {
	d.diags.Append(diagnostics.Error("Invalid Plugin Spec Field",
		fmt.Sprintf("Perses holds a %s spec whose field %q is %s where %s was expected.",
			d.kind.PluginKind, field, describeJSON(raw), want),
		"Correct the field in the datasource in Perses.", nil))
}

// value keeps a value built by the framework, whose diagnostics can only be bugs of this package.
func (d *decoder) value(v attr.Value, diags diag.Diagnostics) attr.Value {
	d.diags.Append(diags...)
	return v
}

func join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}

// describeJSON names the JSON type of a decoded value, for messages.
func describeJSON(raw any) string {
	switch v := raw.(type) {
	case nil:
		return "absent"
	case string:
		return fmt.Sprintf("the string %q", v)
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	default:
		return fmt.Sprintf("a %T", v)
	}
}
