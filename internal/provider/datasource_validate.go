package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// validateKindChoice checks, offline, that exactly one kind attribute is set. A value not known
// yet is skipped: it may turn out null.
func validateKindChoice(ctx context.Context, config attrGetter) diag.Diagnostics {
	var diags diag.Diagnostics
	var set []string
	for _, name := range kindAttributeNames() {
		var obj types.Object
		diags.Append(config.GetAttribute(ctx, path.Root(name), &obj)...)
		if obj.IsUnknown() {
			return diags
		}
		if !obj.IsNull() {
			set = append(set, name)
		}
	}
	all := strings.Join(kindAttributeNames(), ", ")
	switch {
	case len(set) == 0:
		diags.Append(diagnostics.Error("Missing Datasource Kind", "A datasource needs exactly one kind attribute, and none is set.",
			"Set one of "+all+`, e.g. prometheus = { direct_url = "https://prometheus.example.com" }.`, nil))
	case len(set) > 1:
		diags.Append(diagnostics.AttributeError(path.Root(set[1]), "Conflicting Datasource Kinds",
			fmt.Sprintf("%s are all set, but a datasource has exactly one plugin kind.", strings.Join(set, " and ")),
			"Keep one of them and move the others to datasources of their own."))
	}
	return diags
}
