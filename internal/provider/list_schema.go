package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/perses/spec/go/common"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
	"github.com/perses/terraform-provider-perses/internal/plugins"
	"github.com/perses/terraform-provider-perses/internal/rules"
)

// The filters of the list blocks. Each is a query parameter of the one list request, so the
// server filters (see client.DatasourceFilter).
const (
	listProjectAttribute    = "project"
	listNamePrefixAttribute = "name_prefix"
	listPluginKindAttribute = "plugin_kind"
	listDefaultAttribute    = "default"
)

// listsByPlugin: the objects have a plugin kind and a default flag to filter by.
func (s scope) listsByPlugin() bool { return s.object == datasourceObject }

// listSchema is the configuration of a list block of the scope's type.
func (s scope) listSchema() listschema.Schema {
	noun := s.noun() + "s"
	attrs := map[string]listschema.Attribute{
		listNamePrefixAttribute: listschema.StringAttribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("Only the %s whose name starts with this prefix. A server whose database is not case-sensitive "+
				"(the Perses default) stores names lowercased and matches the prefix in any letter case.", noun),
			Validators: []validator.String{namePrefixValidator{scope: s}},
		},
	}
	if s.listsByPlugin() {
		attrs[listPluginKindAttribute] = listschema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Only the datasources of this Perses plugin kind, spelled exactly as Perses does " +
				"(`PrometheusDatasource`, or the kind of any plugin the server has, e.g. `JaegerDatasource`).",
			Validators: []validator.String{listPluginKindValidator{}},
		}
		attrs[listDefaultAttribute] = listschema.BoolAttribute{
			Optional:            true,
			MarkdownDescription: "`true`: only the datasources that are the default of their kind in their scope; `false`: only the others.",
		}
	}
	desc := fmt.Sprintf("Lists the %s of the Perses server, for `terraform query` (Terraform 1.14+).", noun)
	if s.project {
		// Perses lists the datasources and the secrets of every project in one request
		// (GET /api/v1/datasources, /api/v1/secrets).
		attrs[listProjectAttribute] = listschema.StringAttribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("Project whose %s are listed. Omitted: the %s of every project the provider's credentials can read, in one request.",
				noun, noun),
			Validators: []validator.String{rules.Name(exampleProjectName)},
		}
	}
	desc += " Each result is the identity of one object as the server stores it (what an `import` block's `identity` takes); " +
		"with `include_resource = true`, or `terraform query -generate-config-out=FILE`, also the resource as an import stores it."
	if s.rbac() {
		desc += fmt.Sprintf(" Perses has %ss only with auth on (security.enable_auth: true).", s.noun())
	}
	if s.object == userObject {
		desc += " Needs a Perses server with auth on. Only native users are listed (those of OIDC and OAuth providers are not managed by `perses_user`); " +
			"Perses never gives a password back: the configuration generated from them must be given each password before the imports are applied."
	}
	if s.object == secretObject {
		desc += " Perses never gives secret values back: listed secrets have none, and the configuration generated from them " +
			"must be given each value (a warning names them) before the imports are applied."
	}
	return listschema.Schema{MarkdownDescription: desc, Attributes: attrs}
}

// namePrefixValidator checks name_prefix: a start of a Perses name, so made of name characters.
type namePrefixValidator struct{ scope scope }

func (v namePrefixValidator) Description(context.Context) string {
	return "must be the start of a Perses name: letters, digits, _, . and -"
}

func (v namePrefixValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v namePrefixValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if value == "" {
		resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Empty Name Prefix",
			fmt.Sprintf("%s is empty, which filters nothing.", req.Path),
			fmt.Sprintf(`Omit %s to list every %s, or write the start of their names, e.g. %s = "prom".`, req.Path, v.scope.noun(), req.Path)))
		return
	}
	// A prefix of a valid name is a valid name (the rule is on the characters and the length).
	if common.ValidateID(value) == nil {
		return
	}
	fix := `Write the start of the names, e.g. "prom".`
	if suggestion := rules.SuggestName(value); suggestion != "" {
		fix = fmt.Sprintf("Write %s = %q.", req.Path, suggestion)
	}
	resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Invalid Name Prefix",
		fmt.Sprintf(`%s is %q, which no Perses name starts with: names are 1 to 75 characters among letters, digits, "_", "." and "-", `+
			"and the prefix is matched as written (no patterns such as *).", req.Path, value),
		fix))
}

// listPluginKindValidator checks plugin_kind: Perses compares kinds exactly, so a kind spelled
// in another case, or the name of a typed attribute, would list nothing.
type listPluginKindValidator struct{}

func (v listPluginKindValidator) Description(context.Context) string {
	return "must be a Perses plugin kind, spelled exactly"
}

func (v listPluginKindValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v listPluginKindValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if strings.TrimSpace(value) == "" {
		resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Empty Plugin Kind",
			fmt.Sprintf("%s is empty, which no datasource has.", req.Path),
			fmt.Sprintf(`Omit %s to list datasources of every kind, or write a Perses plugin kind, e.g. %s = "PrometheusDatasource".`, req.Path, req.Path)))
		return
	}
	trimmed := strings.TrimSpace(value)
	for _, k := range plugins.Kinds() {
		if value == k.PluginKind {
			return
		}
		if strings.EqualFold(trimmed, k.PluginKind) || strings.EqualFold(trimmed, k.Attribute) || strings.EqualFold(trimmed, k.Title) {
			resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Misspelled Plugin Kind",
				fmt.Sprintf("%s is %q, which Perses does not know: plugin kinds are compared exactly, and the %s kind is spelled %q.",
					req.Path, value, k.Title, k.PluginKind),
				fmt.Sprintf("Write %s = %q.", req.Path, k.PluginKind)))
			return
		}
	}
}

// notInstalledWarning explains an empty list filtered by a kind the server has no plugin for.
func notInstalledWarning(kind string, installed []string) diag.Diagnostic {
	return diagnostics.Warning("Plugin Kind Not Installed",
		fmt.Sprintf("plugin_kind is %q, a kind the Perses server has no plugin for: no datasource can have it, so the list is empty.", kind),
		fmt.Sprintf("Write one of the kinds the server has: %s.", strings.Join(slices.Sorted(slices.Values(installed)), ", ")), nil)
}

// listError turns a failed list request into a diagnostic that says which list failed and what to do.
func (s scope) listError(f listFilter, err error) diag.Diagnostic {
	project := f.Project.ValueString()
	summary := fmt.Sprintf("Cannot List Perses %ss", titleCase(s.objectName()))
	where := "the global scope"
	switch {
	case s.project && project != "":
		where = fmt.Sprintf("project %q", project)
	case s.project:
		where = "every project"
	case s.object == projectObject || s.object == userObject:
		where = "the server"
	}
	switch {
	case errors.Is(err, client.ErrProjectNotFound):
		fix := fmt.Sprintf("Fix the project attribute of the list block, or omit it to list the %ss of every project.", s.noun())
		return diagnostics.Error(summary, fmt.Sprintf("Project %q does not exist on the Perses server.", project), fix, err)
	case isForbidden(err):
		return forbiddenListError(summary, s, project, where, err)
	case errors.Is(err, client.ErrUnauthorized):
		return diagnostics.Error(summary, fmt.Sprintf("The Perses server did not let the provider list the %ss of %s.", s.noun(), where),
			"Check the provider's credentials (username and password, token or oauth): the server did not accept them.", err)
	case errors.Is(err, client.ErrUnreachable):
		return diagnostics.Error(summary, fmt.Sprintf("The Perses server could not be reached to list the %ss of %s.", s.noun(), where),
			"Check the provider url and the network path to Perses, then run the query again.", err)
	default:
		return diagnostics.Error(summary, fmt.Sprintf("The Perses server answered with an error when listing the %ss of %s.", s.noun(), where), "", err)
	}
}
