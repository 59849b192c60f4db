package provider

import (
	"cmp"
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/client"
)

// List resources (Terraform 1.14+: `list` blocks of .tfquery.hcl files, read by `terraform query`)
// for the datasources, projects, secrets, roles, role bindings and users, one implementation
// parameterised by scope as the resources are.
// A list sends one request for its scope (the project datasources of every project too:
// GET /api/v1/datasources), filtered by the server, and returns each object's identity as the
// server stores it: what an import block's identity takes. With include_resource (implied by
// `terraform query -generate-config-out`) each result also carries the resource as an import
// followed by a refresh stores it, built by the resources' own readFrom, so the configuration
// Terraform generates from it imports with no change. Secrets come without their values, which
// Perses never gives back: a warning says which values the configuration must supply.

var _ list.ListResourceWithConfigure = (*scopedList)(nil)

// NewGlobalDatasourceListResource returns the perses_global_datasource list resource.
func NewGlobalDatasourceListResource() list.ListResource {
	return &scopedList{scopedResource{scope: globalScope}}
}

// NewProjectDatasourceListResource returns the perses_project_datasource list resource.
func NewProjectDatasourceListResource() list.ListResource {
	return &scopedList{scopedResource{scope: projectScope}}
}

// NewProjectListResource returns the perses_project list resource.
func NewProjectListResource() list.ListResource {
	return &scopedList{scopedResource{scope: projectsScope}}
}

// NewGlobalSecretListResource returns the perses_global_secret list resource.
func NewGlobalSecretListResource() list.ListResource {
	return &scopedList{scopedResource{scope: globalSecretScope}}
}

// NewUserListResource returns the perses_user list resource.
func NewUserListResource() list.ListResource {
	return &scopedList{scopedResource{scope: usersScope}}
}

// NewProjectSecretListResource returns the perses_project_secret list resource.
func NewProjectSecretListResource() list.ListResource {
	return &scopedList{scopedResource{scope: projectSecretScope}}
}

// NewRoleListResource returns the perses_role list resource.
func NewRoleListResource() list.ListResource {
	return &scopedList{scopedResource{scope: projectRoleScope}}
}

// NewGlobalRoleListResource returns the perses_global_role list resource.
func NewGlobalRoleListResource() list.ListResource {
	return &scopedList{scopedResource{scope: globalRoleScope}}
}

// NewRoleBindingListResource returns the perses_role_binding list resource.
func NewRoleBindingListResource() list.ListResource {
	return &scopedList{scopedResource{scope: projectRoleBindingScope}}
}

// NewGlobalRoleBindingListResource returns the perses_global_role_binding list resource.
func NewGlobalRoleBindingListResource() list.ListResource {
	return &scopedList{scopedResource{scope: globalRoleBindingScope}}
}

// scopedList is every list resource: its scope sets the type name (the resource's: the list
// package calls the same Metadata and Configure as the resource package, see scopedResource),
// the filters and the request.
type scopedList struct{ scopedResource }

func (l *scopedList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = l.scope.listSchema()
}

// listedObject is one object a list found.
type listedObject struct {
	project, name string
	display       string
	// fill writes the resource as an import followed by a refresh stores it.
	fill func(ctx context.Context, into *tfsdk.Resource) diag.Diagnostics
}

// setListed writes a listed resource through the setter a resource writes its state with.
func setListed(into *tfsdk.Resource, set func(*tfsdk.State) diag.Diagnostics) diag.Diagnostics {
	st := tfsdk.State{Schema: into.Schema, Raw: into.Raw}
	diags := set(&st)
	into.Raw = st.Raw
	return diags
}

func (l *scopedList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	defer l.data.track()()
	c, diags := l.data.requireClient()
	f, d := getListFilter(ctx, req.Config)
	diags.Append(d...)
	if l.scope.rbac() && !diags.HasError() {
		diags.Append(checkAuthEnabled(ctx, l.data, l.scope)...)
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	found, warnings, err := l.scope.listObjects(ctx, l.data, c, f, req.IncludeResource)
	if err != nil {
		stream.Results = list.ListResultsStreamDiagnostics(diag.Diagnostics{l.scope.listError(f, err)})
		return
	}
	slices.SortFunc(found, func(a, b listedObject) int {
		return cmp.Or(cmp.Compare(a.project, b.project), cmp.Compare(a.name, b.name))
	})
	stream.Results = func(push func(list.ListResult) bool) {
		// Warnings first: Terraform stops reading the stream at the list block's limit.
		if len(warnings) > 0 && !push(list.ListResult{Diagnostics: warnings}) {
			return
		}
		for _, o := range found {
			result := req.NewListResult(ctx)
			result.DisplayName = o.display
			result.Diagnostics.Append(l.scope.setIdentity(ctx, result.Identity, o.project, o.name)...)
			if req.IncludeResource {
				result.Diagnostics.Append(o.fill(ctx, result.Resource)...)
			}
			if !push(result) {
				return
			}
		}
	}
}

// listFilter is the configuration of a list block. Only name_prefix is in every schema; the
// others travel beside the model (see state.go) and are null where the scope has none.
type listFilter struct {
	NamePrefix types.String `tfsdk:"name_prefix"`
	Project    types.String `tfsdk:"-"`
	PluginKind types.String `tfsdk:"-"`
	Default    types.Bool   `tfsdk:"-"`
}

func getListFilter(ctx context.Context, config tfsdk.Config) (listFilter, diag.Diagnostics) {
	var f listFilter
	extras, diags := getModel(ctx, config, &f, listProjectAttribute, listPluginKindAttribute, listDefaultAttribute)
	f.Project, f.PluginKind, f.Default = types.StringNull(), types.StringNull(), types.BoolNull()
	if v, ok := extras[listProjectAttribute].(types.String); ok {
		f.Project = v
	}
	if v, ok := extras[listPluginKindAttribute].(types.String); ok {
		f.PluginKind = v
	}
	if v, ok := extras[listDefaultAttribute].(types.Bool); ok {
		f.Default = v
	}
	return f, diags
}

// listObjects sends the one request of the list and describes what it found.
func (s scope) listObjects(ctx context.Context, data *providerData, c *client.Client, f listFilter, includeResource bool) ([]listedObject, diag.Diagnostics, error) {
	switch s.object {
	case datasourceObject:
		return s.listDatasources(ctx, data, c, f)
	case secretObject:
		return s.listSecrets(ctx, c, f, includeResource)
	case roleObject:
		found, err := s.listRoles(ctx, c, f)
		return found, nil, err
	case roleBindingObject:
		found, err := s.listRoleBindings(ctx, c, f)
		return found, nil, err
	case userObject:
		return listUsers(ctx, c, f, includeResource)
	default:
		found, err := listProjects(ctx, c, f)
		return found, nil, err
	}
}
