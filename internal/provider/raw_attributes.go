package provider

import (
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// rawAttributes are the top-level attributes of a state or plan, read straight from its raw
// value: one shallow conversion, where a tagged model converts every nested value. Only the hot
// paths use them (a refresh of an unchanged datasource, the registry record of a plan that changes
// nothing: see make bench-profile); everything else reads models (see state.go).
type rawAttributes map[string]tftypes.Value

func readRawAttributes(v tftypes.Value) (rawAttributes, error) {
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return nil, fmt.Errorf("reading the attributes of %s: %w", v.Type(), err)
	}
	return attrs, nil
}

// rawValue reads the attribute name into a Go value: known is false when the attribute is
// unknown or of another type (never a guessed value), null when it is absent from the schema
// (project in the global scope) or null.
func rawValue[T any](a rawAttributes, name string) (value T, null, known bool) {
	v, ok := a[name]
	switch {
	case !ok || v.IsNull():
		return value, true, true
	case !v.IsKnown():
		return value, false, false
	}
	if err := v.As(&value); err != nil {
		return value, false, false
	}
	return value, false, true
}

// str is the string attribute name.
func (a rawAttributes) str(name string) types.String {
	s, null, known := rawValue[string](a, name)
	switch {
	case !known:
		return types.StringUnknown()
	case null:
		return types.StringNull()
	}
	return types.StringValue(s)
}

// int64 is the number attribute name, unknown unless it is an exact integer.
func (a rawAttributes) int64(name string) types.Int64 {
	f, null, known := rawValue[big.Float](a, name)
	switch {
	case !known:
		return types.Int64Unknown()
	case null:
		return types.Int64Null()
	}
	i, acc := f.Int64()
	if acc != big.Exact {
		return types.Int64Unknown()
	}
	return types.Int64Value(i)
}

// boolean is the bool attribute name.
func (a rawAttributes) boolean(name string) types.Bool {
	b, null, known := rawValue[bool](a, name)
	switch {
	case !known:
		return types.BoolUnknown()
	case null:
		return types.BoolNull()
	}
	return types.BoolValue(b)
}
