package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// scopedAPIError turns a failed call about one object of a scope into a diagnostic that names
// it, says what the server answered and what to do about it.
func scopedAPIError(s scope, op, project, name string, err error) diag.Diagnostic {
	what := s.describe(project, name)
	summary := fmt.Sprintf("Cannot %s Perses %s", op, titleWords(s.objectName()))
	switch {
	case errors.Is(err, client.ErrProjectNotFound):
		return diagnostics.Error(summary, fmt.Sprintf("Project %q does not exist on the Perses server, so %s cannot be stored in it.", project, what),
			"Create the project first (resource perses_project, or percli) or fix the project attribute.", err)
	case errors.Is(err, client.ErrConflict):
		return diagnostics.Error(summary, fmt.Sprintf("%s already exists on the Perses server.", what),
			fmt.Sprintf("Import it (terraform import perses_%s.<name> %s) or choose another name.", s.typeSuffix(), s.id(project, name)), err)
	case errors.Is(err, client.ErrValidation):
		fix := "Fix the configuration as the server's message says."
		if s.objectName() == "datasource" {
			fix += " For the default flag: only one datasource per plugin kind and scope can have default = true."
		}
		return diagnostics.Error(summary, fmt.Sprintf("The Perses server refused %s.", what), fix, err)
	case errors.Is(err, client.ErrForbidden):
		return forbiddenError(summary, s, op, project, name, err)
	case errors.Is(err, client.ErrUnauthorized):
		return diagnostics.Error(summary, fmt.Sprintf("The Perses server did not let the provider %s %s.", strings.ToLower(op), what),
			"Check the provider's credentials (username and password, token or oauth): the server did not accept them.", err)
	case errors.Is(err, client.ErrUnreachable):
		return diagnostics.Error(summary, fmt.Sprintf("The Perses server could not be reached to %s %s.", strings.ToLower(op), what),
			"Check the provider url and the network path to Perses, then apply again.", err)
	default:
		return diagnostics.Error(summary, fmt.Sprintf("The Perses server answered with an error for %s.", what), "", err)
	}
}

// apiError turns a failed call about one datasource into a diagnostic.
func (r *datasourceResource) apiError(op string, m datasourceModel, err error) diag.Diagnostic {
	return scopedAPIError(r.scope, op, m.Project.ValueString(), m.Name.ValueString(), err)
}
