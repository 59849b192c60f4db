package plugins

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ planmodifier.List = plannedDefaultList{}

// plannedDefaultList plans value when the configuration omits the list, so the plan shows what
// will be written (the kind's default allowed_endpoints). An explicit list, empty included, is
// kept; an unknown one stays unknown until it is known.
type plannedDefaultList struct{ value types.List }

func (m plannedDefaultList) Description(context.Context) string {
	return "When omitted, the default value is planned."
}

func (m plannedDefaultList) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m plannedDefaultList) PlanModifyList(_ context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if req.ConfigValue.IsNull() {
		resp.PlanValue = m.value
	}
}
