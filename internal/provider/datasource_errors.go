package provider

import (
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// apiError turns a failed call about one datasource into a diagnostic that names it, says what
// the server answered and what to do about it.
func (r *datasourceResource) apiError(op string, m datasourceModel, err error) diag.Diagnostic {
	return datasourceAPIError(r.scope, op, m.Project.ValueString(), m.Name.ValueString(), err)
}

func datasourceAPIError(s scope, op, project, name string, err error) diag.Diagnostic {
	what := s.describe(project, name)
	summary := fmt.Sprintf("Cannot %s Perses Datasource", op)
	switch {
	case errors.Is(err, client.ErrProjectNotFound):
		return diagnostics.Error(summary, fmt.Sprintf("Project %q does not exist on the Perses server, so %s cannot be stored in it.", project, what),
			"Create the project first (resource perses_project, or percli) or fix the project attribute.", err)
	case errors.Is(err, client.ErrConflict):
		return diagnostics.Error(summary, fmt.Sprintf("%s already exists on the Perses server.", what),
			fmt.Sprintf("Import it (terraform import perses_%s.<name> %s) or choose another name.", s.typeSuffix(), s.id(project, name)), err)
	case errors.Is(err, client.ErrValidation):
		return diagnostics.Error(summary, fmt.Sprintf("The Perses server refused %s.", what),
			"Fix the configuration as the server's message says; for the default flag, only one datasource per plugin kind and scope can have default = true.", err)
	case errors.Is(err, client.ErrUnauthorized), errors.Is(err, client.ErrForbidden):
		return diagnostics.Error(summary, fmt.Sprintf("The Perses server did not let the provider %s %s.", op, what),
			"Check the provider's credentials and that the user's role allows this action on datasources in this scope.", err)
	case errors.Is(err, client.ErrUnreachable):
		return diagnostics.Error(summary, fmt.Sprintf("The Perses server could not be reached to %s %s.", op, what),
			"Check the provider url and the network path to Perses, then apply again.", err)
	default:
		return diagnostics.Error(summary, fmt.Sprintf("The Perses server answered with an error for %s.", what), "", err)
	}
}
