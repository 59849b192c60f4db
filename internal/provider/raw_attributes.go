package provider

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// rawAttributes are the top-level attributes of a state or plan, read straight from its raw
// value: one shallow conversion, where the framework's GetAttribute walks the schema for every
// attribute it reads. The hot paths of a refresh or a plan with nothing to change read a few
// attributes of every resource (see make bench-profile); the rest of the code reads models.
type rawAttributes map[string]tftypes.Value

func readRawAttributes(v tftypes.Value) (rawAttributes, error) {
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return nil, fmt.Errorf("reading the attributes of %s: %w", v.Type(), err)
	}
	return attrs, nil
}

// str is the string attribute name; null when the schema has no such attribute (project in the
// global scope).
func (a rawAttributes) str(name string) types.String {
	v, ok := a[name]
	switch {
	case !ok || v.IsNull():
		return types.StringNull()
	case !v.IsKnown():
		return types.StringUnknown()
	}
	var s string
	if err := v.As(&s); err != nil {
		return types.StringUnknown()
	}
	return types.StringValue(s)
}

func (a rawAttributes) int64(name string) types.Int64 {
	v, ok := a[name]
	switch {
	case !ok || v.IsNull():
		return types.Int64Null()
	case !v.IsKnown():
		return types.Int64Unknown()
	}
	var f big.Float
	if err := v.As(&f); err != nil {
		return types.Int64Unknown()
	}
	i, acc := f.Int64()
	if acc != big.Exact {
		return types.Int64Unknown()
	}
	return types.Int64Value(i)
}

func (a rawAttributes) boolean(name string) types.Bool {
	v, ok := a[name]
	switch {
	case !ok || v.IsNull():
		return types.BoolNull()
	case !v.IsKnown():
		return types.BoolUnknown()
	}
	var b bool
	if err := v.As(&b); err != nil {
		return types.BoolUnknown()
	}
	return types.BoolValue(b)
}

// topLevelData is a state, plan or configuration seen raw: its value and its schema's type.
type topLevelData struct {
	raw    tftypes.Value
	schema interface {
		Type() attr.Type
	}
}

// asTopLevelData returns the raw view of the framework's state, plan and configuration values.
func asTopLevelData(v any) (topLevelData, bool) {
	var d topLevelData
	switch t := v.(type) {
	case tfsdk.State:
		d = topLevelData{raw: t.Raw, schema: t.Schema}
	case *tfsdk.State:
		d = topLevelData{raw: t.Raw, schema: t.Schema}
	case tfsdk.Plan:
		d = topLevelData{raw: t.Raw, schema: t.Schema}
	case *tfsdk.Plan:
		d = topLevelData{raw: t.Raw, schema: t.Schema}
	case tfsdk.Config:
		d = topLevelData{raw: t.Raw, schema: t.Schema}
	case *tfsdk.Config:
		d = topLevelData{raw: t.Raw, schema: t.Schema}
	default:
		return d, false
	}
	return d, d.schema != nil && !d.raw.IsNull() && d.raw.IsKnown()
}

// getTopLevel reads top-level attributes into targets (pointers to framework values such as
// *types.String or *types.Object), like GetAttribute for each but from one conversion of the raw
// value (see rawAttributes). It falls back to GetAttribute where it cannot do the same.
func getTopLevel(ctx context.Context, g attrGetter, targets map[string]any) diag.Diagnostics {
	var diags diag.Diagnostics
	data, ok := asTopLevelData(g)
	var attrs rawAttributes
	var schemaTypes map[string]attr.Type
	if ok {
		attrs, _ = readRawAttributes(data.raw)
		if withTypes, isObject := data.schema.Type().(attr.TypeWithAttributeTypes); isObject {
			schemaTypes = withTypes.AttributeTypes()
		}
	}
	for name, target := range targets {
		typ, known := schemaTypes[name]
		raw, present := attrs[name]
		if known && present && assignValue(ctx, typ, raw, target) {
			continue
		}
		diags.Append(g.GetAttribute(ctx, path.Root(name), target)...)
	}
	return diags
}

// assignValue stores the raw value, converted to typ, in target, when target has exactly the
// framework type typ makes.
func assignValue(ctx context.Context, typ attr.Type, raw tftypes.Value, target any) bool {
	value, err := typ.ValueFromTerraform(ctx, raw)
	if err != nil {
		return false
	}
	dst := reflect.ValueOf(target)
	if dst.Kind() != reflect.Pointer || dst.IsNil() || reflect.TypeOf(value) != dst.Elem().Type() {
		return false
	}
	dst.Elem().Set(reflect.ValueOf(value))
	return true
}

// setTopLevel writes top-level attributes of a state, like SetAttribute for each but with one
// conversion of the whole value. values are framework values (types.String, types.Object, ...)
// or pointers to them; attributes not in values keep what the state holds (null in a new one).
func setTopLevel(ctx context.Context, st *tfsdk.State, values map[string]any) diag.Diagnostics {
	var diags diag.Diagnostics
	objType, ok := tfObjectType(ctx, st)
	if !ok {
		for name, v := range values {
			diags.Append(st.SetAttribute(ctx, path.Root(name), v)...)
		}
		return diags
	}
	vals := make(map[string]tftypes.Value, len(objType.AttributeTypes))
	if !st.Raw.IsNull() && st.Raw.IsKnown() {
		current, err := readRawAttributes(st.Raw)
		if err != nil {
			diags.AddError("Cannot Write the State", err.Error())
			return diags
		}
		maps.Copy(vals, current)
	}
	for name, t := range objType.AttributeTypes {
		if _, ok := vals[name]; !ok {
			vals[name] = tftypes.NewValue(t, nil)
		}
	}
	for name, v := range values {
		if p := reflect.ValueOf(v); p.Kind() == reflect.Pointer && !p.IsNil() {
			v = p.Elem().Interface()
		}
		value, ok := v.(attr.Value)
		if !ok {
			diags.AddError("Cannot Write the State", fmt.Sprintf("attribute %q: %T is not a framework value. This is a bug in the provider.", name, v))
			return diags
		}
		tv, err := value.ToTerraformValue(ctx)
		if err != nil {
			diags.AddError("Cannot Write the State", fmt.Sprintf("attribute %q: %s", name, err))
			return diags
		}
		vals[name] = tv
	}
	if err := tftypes.ValidateValue(objType, vals); err != nil {
		diags.AddError("Cannot Write the State", err.Error()+". This is a bug in the provider.")
		return diags
	}
	st.Raw = tftypes.NewValue(objType, vals)
	return diags
}

func tfObjectType(ctx context.Context, st *tfsdk.State) (tftypes.Object, bool) {
	if st.Schema == nil {
		return tftypes.Object{}, false
	}
	objType, ok := st.Schema.Type().TerraformType(ctx).(tftypes.Object)
	return objType, ok
}
