package plugins

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A list with a default value (allowed_endpoints) gets it from the framework's own default
// (listdefault.StaticValue) when the configuration omits it: the UI's list, in the UI's order.
// Perses does not care about the order (any entry may let a request through), so a stored list
// with exactly the default's entries in another order (a datasource made by another tool, or by
// an older UI) satisfies an omitted list too: storedOrderOfDefault keeps it rather than plan a
// reorder that changes nothing.

var _ planmodifier.List = storedOrderOfDefault{}

type storedOrderOfDefault struct{ value types.List }

func (m storedOrderOfDefault) Description(context.Context) string {
	return "When omitted, a stored list with the default's entries in any order is kept."
}

func (m storedOrderOfDefault) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m storedOrderOfDefault) PlanModifyList(_ context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if !req.ConfigValue.IsNull() || req.StateValue.IsNull() || req.StateValue.IsUnknown() {
		return
	}
	if sameEntries(req.StateValue.Elements(), m.value.Elements()) {
		resp.PlanValue = req.StateValue
	}
}

// sameEntries says whether a and b hold the same values, each as many times, in any order.
func sameEntries(a, b []attr.Value) bool {
	if len(a) != len(b) {
		return false
	}
	left := slices.Clone(b)
	for _, v := range a {
		i := slices.IndexFunc(left, v.Equal)
		if i < 0 {
			return false
		}
		left = slices.Delete(left, i, i+1)
	}
	return true
}
