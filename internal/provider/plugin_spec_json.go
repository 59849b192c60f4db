package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// specJSONType is the type of plugin.spec_json: jsontypes.NormalizedType (key order and
// whitespace do not matter, since Perses re-encodes the spec), but invalid JSON is reported in
// this provider's words, with the parse error. jsontypes' own check, which the framework runs
// before any validator and which stops them, says neither which attribute nor what is wrong.
type specJSONType struct{ jsontypes.NormalizedType }

var (
	_ basetypes.StringTypable                    = specJSONType{}
	_ basetypes.StringValuableWithSemanticEquals = specJSON{}
	_ xattr.ValidateableAttribute                = specJSON{}
)

func (t specJSONType) String() string { return "provider.specJSONType" }

func (t specJSONType) Equal(o attr.Type) bool {
	_, ok := o.(specJSONType)
	return ok
}

func (t specJSONType) ValueType(context.Context) attr.Value { return specJSON{} }

func (t specJSONType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return specJSON{Normalized: jsontypes.Normalized{StringValue: in}}, nil
}

func (t specJSONType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	value, err := t.NormalizedType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	normalized, ok := value.(jsontypes.Normalized)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", value)
	}
	return specJSON{Normalized: normalized}, nil
}

// specJSON is a value of specJSONType.
type specJSON struct{ jsontypes.Normalized }

func newSpecJSON(value string) specJSON {
	return specJSON{Normalized: jsontypes.NewNormalizedValue(value)}
}

func (v specJSON) Type(context.Context) attr.Type { return specJSONType{} }

func (v specJSON) Equal(o attr.Value) bool {
	other, ok := o.(specJSON)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v specJSON) StringSemanticEquals(ctx context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	if other, ok := newValuable.(specJSON); ok {
		newValuable = other.Normalized
	}
	return v.Normalized.StringSemanticEquals(ctx, newValuable)
}

func (v specJSON) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	var decoded any
	if err := json.Unmarshal([]byte(v.ValueString()), &decoded); err != nil {
		resp.Diagnostics.Append(invalidSpecJSONError(req.Path, err))
	}
}

// invalidSpecJSONError reports a plugin.spec_json that is not JSON.
func invalidSpecJSONError(p path.Path, err error) diag.Diagnostic {
	return diagnostics.AttributeError(p, "Invalid Plugin Spec JSON",
		fmt.Sprintf("%s is not valid JSON: %v.", p, err),
		"Build it with jsonencode({ ... }) so that it is always valid JSON.")
}
