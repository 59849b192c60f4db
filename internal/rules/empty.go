package rules

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

var (
	_ validator.String = notEmptyStringValidator{}
	_ validator.Map    = notEmptyMapValidator{}
)

// NotEmptyString refuses "" for an optional string the provider leaves out of what it sends to
// Perses when empty (a display name, a plugin spec field): it would read back as null, and every
// plan, or the apply itself, would show a difference.
func NotEmptyString() validator.String { return notEmptyStringValidator{} }

// NotEmptyMap refuses {} for an optional map the provider leaves out when empty, for the same reason.
func NotEmptyMap() validator.Map { return notEmptyMapValidator{} }

type notEmptyStringValidator struct{}

func (v notEmptyStringValidator) Description(context.Context) string { return "must not be empty" }

func (v notEmptyStringValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v notEmptyStringValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() != "" {
		return
	}
	resp.Diagnostics.Append(emptyValueError(req.Path))
}

type notEmptyMapValidator struct{}

func (v notEmptyMapValidator) Description(context.Context) string { return "must not be empty" }

func (v notEmptyMapValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v notEmptyMapValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || len(req.ConfigValue.Elements()) > 0 {
		return
	}
	resp.Diagnostics.Append(emptyValueError(req.Path))
}

func emptyValueError(p path.Path) diag.Diagnostic {
	return diagnostics.AttributeError(p, "Empty Value",
		fmt.Sprintf("%s is empty: the provider does not send empty values to Perses, so it would read back as unset.", p),
		fmt.Sprintf("Remove %s, or give it a value.", p))
}
