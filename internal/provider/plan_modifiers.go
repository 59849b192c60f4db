package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// caseInsensitiveRequiresReplace replaces the object when a name changes, except when only the
// letter case changes: a Perses database with case_sensitive false (the default) lowercases
// names, so "Prom" and "prom" are the same object there. Such a change is applied in place.
func caseInsensitiveRequiresReplace() planmodifier.String { return caseInsensitiveReplace{} }

type caseInsensitiveReplace struct{}

func (caseInsensitiveReplace) Description(context.Context) string {
	return "Changing the value (other than its letter case) replaces the object."
}

func (m caseInsensitiveReplace) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (caseInsensitiveReplace) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || req.PlanValue.IsUnknown() || req.StateValue.IsNull() {
		return
	}
	if !strings.EqualFold(req.PlanValue.ValueString(), req.StateValue.ValueString()) {
		resp.RequiresReplace = true
	}
}

// serverComputed are the attributes Perses sets on every write.
var serverComputed = []string{"version", "updated_at"}

// keepComputedWhenUnchanged keeps version and updated_at from the state when the plan changes
// nothing else. The framework marks them unknown as soon as Terraform's proposed plan differs
// from the state, and it does for a nested Optional+Computed attribute omitted from the
// configuration (proxy.allowed_endpoints) even when its plan modifier then plans exactly the
// stored value: without this, every plan would show an update.
func keepComputedWhenUnchanged(ctx context.Context, state tfsdk.State, plan *tfsdk.Plan) diag.Diagnostics {
	var diags diag.Diagnostics
	candidate := tfsdk.Plan{Schema: plan.Schema, Raw: plan.Raw.Copy()}
	for _, name := range serverComputed {
		var v attr.Value
		diags.Append(state.GetAttribute(ctx, path.Root(name), &v)...)
		diags.Append(candidate.SetAttribute(ctx, path.Root(name), v)...)
	}
	if !diags.HasError() && candidate.Raw.Equal(state.Raw) {
		plan.Raw = candidate.Raw
	}
	return diags
}
