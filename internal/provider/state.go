package provider

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// The one way this provider reads and writes plans, states and configurations: a tagged model
// (tfsdk struct tags, as terraform-plugin-framework's Get and Set read them), converted whole in
// one go. Attributes a struct cannot tag because they depend on the registry of plugin kinds or
// on the scope (the typed kind attributes, `project` of a project object) travel beside the
// model as "extras", by attribute name. The hot paths of a refresh or of a plan with nothing to
// change read a few attributes straight from the raw value instead (rawAttributes): the
// benchmark (make bench) shows the difference at 1000 resources.

// wholeGetter is a plan, state or configuration.
type wholeGetter interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// wholeSetter is a plan or state, with the schema of its value.
type wholeSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

// getModel reads data into the tagged model and returns the extras: the attributes named in
// extras (absent ones are left out of the map).
func getModel(ctx context.Context, data wholeGetter, model any, extras ...string) (map[string]attr.Value, diag.Diagnostics) {
	var whole types.Object
	diags := data.Get(ctx, &whole)
	if diags.HasError() {
		return nil, diags
	}
	tagged, rest, d := splitObject(ctx, whole, extras)
	diags.Append(d...)
	if diags.HasError() {
		return nil, diags
	}
	diags.Append(tagged.As(ctx, model, basetypes.ObjectAsOptions{})...)
	return rest, diags
}

// setModel writes the tagged model and the extras as the whole of data, whose schema type is
// typ (its attributes are exactly the model's tags and the extras' names).
func setModel(ctx context.Context, data wholeSetter, typ attr.Type, model any, extras map[string]attr.Value) diag.Diagnostics {
	objectType, ok := typ.(attr.TypeWithAttributeTypes)
	if !ok {
		return diag.Diagnostics{diagnostics.Bug("Cannot Write the State", "The schema is not an object.", nil)}
	}
	all := objectType.AttributeTypes()
	taggedTypes := make(map[string]attr.Type, len(all))
	for name, t := range all {
		if _, extra := extras[name]; !extra {
			taggedTypes[name] = t
		}
	}
	tagged, diags := types.ObjectValueFrom(ctx, taggedTypes, model)
	if diags.HasError() {
		return diags
	}
	values := maps.Clone(tagged.Attributes())
	maps.Copy(values, extras)
	whole, d := types.ObjectValue(all, values)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	diags.Append(data.Set(ctx, whole)...)
	return diags
}

// splitObject separates the attributes named in names from the others.
func splitObject(ctx context.Context, whole types.Object, names []string) (types.Object, map[string]attr.Value, diag.Diagnostics) {
	values := maps.Clone(whole.Attributes())
	attrTypes := maps.Clone(whole.AttributeTypes(ctx))
	extras := make(map[string]attr.Value, len(names))
	for _, name := range names {
		if v, ok := values[name]; ok {
			extras[name] = v
			delete(values, name)
			delete(attrTypes, name)
		}
	}
	tagged, diags := types.ObjectValue(attrTypes, values)
	return tagged, extras, diags
}

// knownExcept says whether every value of a plan (or state) is known, but for the attributes
// named in except (the computed ones a write changes).
func knownExcept(ctx context.Context, data wholeGetter, except ...string) bool {
	var whole types.Object
	if data.Get(ctx, &whole).HasError() {
		return false
	}
	for name, v := range whole.Attributes() {
		if slices.Contains(except, name) {
			continue
		}
		tv, err := v.ToTerraformValue(ctx)
		if err != nil || !tv.IsFullyKnown() {
			return false
		}
	}
	return true
}
