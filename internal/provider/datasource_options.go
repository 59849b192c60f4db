package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// verify and force_destroy are options of the datasource resources that Perses never sees: they
// change what the provider does around a write or a delete. Changing only them writes nothing to
// Perses (no version bump: they are the write rule's local attributes).

const (
	verifyAttribute       = "verify"
	forceDestroyAttribute = "force_destroy"
)

var terraformOnlyAttributes = []string{verifyAttribute, forceDestroyAttribute}

func datasourceOptionAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		verifyAttribute: schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			Validators: []validator.Bool{verifyNeedsProxyValidator{}},
			MarkdownDescription: "After each create and update, send the default probe request of the datasource's kind through the Perses proxy " +
				"(as `perses_datasource_probe` does) and fail the apply with its diagnosis unless the backend answers with 2xx. " +
				"The datasource stays in Perses and in the state: a failed create leaves it tainted, so the next apply replaces it and probes again; " +
				"a failed update is not retried by the next plan (use a `check` block with `perses_datasource_probe` to be warned on every plan). " +
				"Needs a typed kind attribute with a `proxy`. Defaults to `false`.",
		},
		forceDestroyAttribute: schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Destroying (or replacing) a datasource that dashboards use fails, listing them (project/name and where: panel query, " +
				"variable or annotation, up to 20), unless this is `true`. A dashboard uses it when a datasource selector names it (with its plugin kind), " +
				"or gives only its kind while it is the default of that kind in its scope, and the dashboard's own datasources (and, for a global datasource, " +
				"its project's) do not take precedence. Only the dashboards the provider's credentials can read are checked. " +
				"Like every attribute, it acts from the state: set it to `true` and apply before the destroy. Defaults to `false`.",
		},
	}
}

// optionValue reads an option (false when null).
func optionValue(ctx context.Context, g attrGetter, name string) (bool, diag.Diagnostics) {
	var v types.Bool
	diags := g.GetAttribute(ctx, path.Root(name), &v)
	return v.ValueBool(), diags
}

// copyOptions sets the options of from into to.
func copyOptions(ctx context.Context, from attrGetter, to attrSetter) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, name := range terraformOnlyAttributes {
		var v types.Bool
		diags.Append(from.GetAttribute(ctx, path.Root(name), &v)...)
		diags.Append(to.SetAttribute(ctx, path.Root(name), v)...)
	}
	return diags
}
