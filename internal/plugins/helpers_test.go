package plugins

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// as asserts that v is a T, failing the test otherwise.
func as[T any](t *testing.T, v any) T {
	t.Helper()
	result, ok := v.(T)
	if !ok {
		t.Fatalf("%T is not a %T", v, result)
	}
	return result
}

// kindObject is a value of k's attribute: attributes, and null for every attribute not given.
func kindObject(t *testing.T, k *Kind, attributes map[string]attr.Value) types.Object {
	t.Helper()
	return objectOf(t, k.AttrTypes(), attributes)
}

// proxyObject is a proxy value: attributes, and null for every attribute not given.
func proxyObject(t *testing.T, k *Kind, attributes map[string]attr.Value) types.Object {
	t.Helper()
	return objectOf(t, as[types.ObjectType](t, k.AttrTypes()[proxyAttribute]).AttrTypes, attributes)
}

func objectOf(t *testing.T, attrTypes map[string]attr.Type, attributes map[string]attr.Value) types.Object {
	t.Helper()
	values := make(map[string]attr.Value, len(attrTypes))
	for name, typ := range attrTypes {
		if v, ok := attributes[name]; ok {
			values[name] = v
			continue
		}
		switch typ := typ.(type) {
		case types.ObjectType:
			values[name] = types.ObjectNull(typ.AttrTypes)
		case types.ListType:
			values[name] = types.ListNull(typ.ElemType)
		case types.MapType:
			values[name] = types.MapNull(typ.ElemType)
		default:
			values[name] = types.StringNull()
		}
	}
	for name := range attributes {
		if _, ok := attrTypes[name]; !ok {
			t.Fatalf("no attribute %q", name)
		}
	}
	object, diags := types.ObjectValue(attrTypes, values)
	if diags.HasError() {
		t.Fatalf("building object: %v", diags)
	}
	return object
}

func endpoints(pairs ...Endpoint) types.List { return endpointsValue(pairs) }

func stringMap(t *testing.T, elements map[string]string) types.Map {
	t.Helper()
	values := make(map[string]attr.Value, len(elements))
	for k, v := range elements {
		values[k] = types.StringValue(v)
	}
	m, diags := types.MapValue(types.StringType, values)
	if diags.HasError() {
		t.Fatalf("building map: %v", diags)
	}
	return m
}
