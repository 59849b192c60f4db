package provider

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/rules"
)

var _ resource.ResourceWithConfigValidators = (*projectResource)(nil)

// ConfigValidators checks perses_project offline: its name follows the Perses name rule, and an
// empty display_name or description, which the provider leaves out, would read back as unset.
func (r *projectResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{stringAttributeRules{
		"name":         {rules.Name(exampleProjectName)},
		"display_name": {rules.NotEmptyString()},
		"description":  {rules.NotEmptyString()},
	}}
}

// stringAttributeRules runs string validators on top-level string attributes of a resource
// configuration, as their schema Validators would.
type stringAttributeRules map[string][]validator.String

func (r stringAttributeRules) Description(context.Context) string {
	return "checks the values of string attributes"
}

func (r stringAttributeRules) MarkdownDescription(ctx context.Context) string {
	return r.Description(ctx)
}

func (r stringAttributeRules) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	for _, name := range slices.Sorted(maps.Keys(r)) {
		var value types.String
		diags := req.Config.GetAttribute(ctx, path.Root(name), &value)
		resp.Diagnostics.Append(diags...)
		if diags.HasError() {
			continue
		}
		for _, v := range r[name] {
			vr := &validator.StringResponse{}
			v.ValidateString(ctx, validator.StringRequest{Path: path.Root(name), ConfigValue: value, Config: req.Config}, vr)
			resp.Diagnostics.Append(vr.Diagnostics...)
		}
	}
}
