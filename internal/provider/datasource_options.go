package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// verify and force_destroy are options of the datasource resources that Perses never sees: they
// change what the provider does around a write or a delete. Changing only them writes nothing to
// Perses (no version bump), and a state without them (imported, or written by an older provider)
// reads as false without planning a change.

const (
	verifyAttribute       = "verify"
	forceDestroyAttribute = "force_destroy"
)

var terraformOnlyAttributes = []string{verifyAttribute, forceDestroyAttribute}

func datasourceOptionAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		verifyAttribute: schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			PlanModifiers: []planmodifier.Bool{nullStateStaysNull{}},
			Validators:    []validator.Bool{verifyNeedsProxyValidator{}},
			MarkdownDescription: "After each create and update, send the default probe request of the datasource's kind through the Perses proxy " +
				"(as `perses_datasource_probe` does) and fail the apply with its diagnosis unless the backend answers with 2xx. " +
				"The datasource stays in Perses and in the state: a failed create leaves it tainted, so the next apply replaces it and probes again; " +
				"a failed update is not retried by the next plan (use a `check` block with `perses_datasource_probe` to be warned on every plan). " +
				"Needs a typed kind attribute with a `proxy`. Defaults to `false`.",
		},
		forceDestroyAttribute: schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			PlanModifiers: []planmodifier.Bool{nullStateStaysNull{}},
			MarkdownDescription: "Destroying (or replacing) a datasource that dashboards use fails, listing them (project/name and where: panel query, " +
				"variable or annotation, up to 20), unless this is `true`. A dashboard uses it when a datasource selector names it (with its plugin kind), " +
				"or gives only its kind while it is the default of that kind in its scope, and the dashboard's own datasources (and, for a global datasource, " +
				"its project's) do not take precedence. Only the dashboards the provider's credentials can read are checked. " +
				"Like every attribute, it acts from the state: set it to `true` and apply before the destroy. Defaults to `false`.",
		},
	}
}

var _ planmodifier.Bool = nullStateStaysNull{}

// nullStateStaysNull keeps an option null in the plan when the configuration omits it and the
// stored object has no value for it: that is the default, and planning false would show a change.
type nullStateStaysNull struct{}

func (nullStateStaysNull) Description(context.Context) string {
	return "An object stored without a value keeps none until the configuration sets one."
}

func (m nullStateStaysNull) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (nullStateStaysNull) PlanModifyBool(_ context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if !req.State.Raw.IsNull() && req.StateValue.IsNull() && req.ConfigValue.IsNull() {
		resp.PlanValue = types.BoolNull()
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

// setDefaultOptions writes false for each option (after an import), so that the imported state
// equals the one a create of the same configuration writes.
func setDefaultOptions(ctx context.Context, st *tfsdk.State) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, name := range terraformOnlyAttributes {
		diags.Append(st.SetAttribute(ctx, path.Root(name), false)...)
	}
	return diags
}

// onlyOptionsChange says whether plan differs from state in the options alone.
func onlyOptionsChange(ctx context.Context, state tfsdk.State, plan tfsdk.Plan) bool {
	if state.Raw.IsNull() || plan.Raw.IsNull() {
		return false
	}
	candidate := tfsdk.State{Schema: state.Schema, Raw: state.Raw.Copy()}
	if copyOptions(ctx, plan, &candidate).HasError() {
		return false
	}
	return candidate.Raw.Equal(plan.Raw)
}

// keepComputedWhenOnlyOptionsChange keeps version and updated_at from the state when the plan
// changes nothing but options: Perses is not written to, so they do not change.
func keepComputedWhenOnlyOptionsChange(ctx context.Context, state tfsdk.State, plan *tfsdk.Plan) diag.Diagnostics {
	var diags diag.Diagnostics
	candidate := tfsdk.Plan{Schema: plan.Schema, Raw: plan.Raw.Copy()}
	for _, name := range serverComputed {
		var v attr.Value
		diags.Append(state.GetAttribute(ctx, path.Root(name), &v)...)
		diags.Append(candidate.SetAttribute(ctx, path.Root(name), v)...)
	}
	if !diags.HasError() && onlyOptionsChange(ctx, state, candidate) {
		plan.Raw = candidate.Raw
	}
	return diags
}

// updateOptionsOnly applies a plan that changes only options: nothing is written to Perses; the
// state takes the planned options, and verify runs if asked. It reports whether it applied it.
func (r *datasourceResource) updateOptionsOnly(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) bool {
	if !onlyOptionsChange(ctx, req.State, req.Plan) {
		return false
	}
	resp.State.Raw = req.Plan.Raw.Copy()
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	if !diags.HasError() {
		resp.Diagnostics.Append(r.verifyIfAsked(ctx, c, "updated", req.Plan)...)
	}
	return true
}

// planOptionsAndReplacement runs at plan for a datasource that exists: it keeps an options-only
// change from showing server-computed values as unknown, and warns when a replacement would delete
// a datasource that dashboards use.
func (r *datasourceResource) planOptionsAndReplacement(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	resp.Diagnostics.Append(keepComputedWhenOnlyOptionsChange(ctx, req.State, &resp.Plan)...)
	if replaced(ctx, req.State, resp.Plan) {
		r.warnDashboardUses(ctx, req.State, "Replacing", &resp.Diagnostics)
	}
}
