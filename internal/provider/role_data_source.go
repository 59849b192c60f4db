package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

var (
	_ datasource.DataSourceWithConfigure = (*roleDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*rolesDataSource)(nil)
)

// NewRoleDataSource returns the perses_role data source (a Role of one project).
func NewRoleDataSource() datasource.DataSource { return &roleDataSource{scope: projectRoleScope} }

// NewGlobalRoleDataSource returns the perses_global_role data source.
func NewGlobalRoleDataSource() datasource.DataSource { return &roleDataSource{scope: globalRoleScope} }

// NewRolesDataSource returns the perses_roles data source (the Roles of one project).
func NewRolesDataSource() datasource.DataSource { return &rolesDataSource{scope: projectRoleScope} }

// NewGlobalRolesDataSource returns the perses_global_roles data source.
func NewGlobalRolesDataSource() datasource.DataSource {
	return &rolesDataSource{scope: globalRoleScope}
}

// roleDataSource reads one role of its scope by name, e.g. the owner/editor/viewer roles Perses
// creates with a project, to bind them without managing them.
type roleDataSource struct {
	scope scope
	data  *providerData
}

func (d *roleDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.scope.typeSuffix()
}

func (d *roleDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	what := "a global role (kind `GlobalRole`)"
	if d.scope.project {
		what = "a role of one project (kind `Role`), e.g. one of the `owner`, `editor` and `viewer` roles Perses creates with a project when auth is on"
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("Reads %s by name: its permissions, as the server holds them.", what),
		Attributes:          dataSourceAttributes(roleResourceSchema(d.scope).Attributes, cloneMode{inputs: []string{"name", "project"}}),
	}
}

func (d *roleDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *roleDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	c, diags := d.data.requireClient()
	resp.Diagnostics.Append(diags...)
	m, diags := getRoleModel(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	project, name := m.Project.ValueString(), m.Name.ValueString()
	got, err := c.GetRole(ctx, d.scope.projectOf(project), name)
	if errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.Append(diagnostics.Error("Perses Role Not Found",
			fmt.Sprintf("There is no %s on the Perses server.", d.scope.describe(project, name)),
			fmt.Sprintf("Check the name (and project); list the roles with the %ss data source.", d.scope.typeName()), err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(rbacAPIError(d.scope, "Read", project, name, err))
		return
	}
	m.readFrom(got, d.scope)
	resp.Diagnostics.Append(m.set(ctx, &resp.State, resp.State.Schema.Type(), d.scope)...)
}

// rolesDataSource lists the roles of its scope.
type rolesDataSource struct {
	scope scope
	data  *providerData
}

type rolesDataModel struct {
	NamePrefix types.String   `tfsdk:"name_prefix"`
	Roles      []roleItemData `tfsdk:"roles"`
}

type roleItemData struct {
	Name        types.String          `tfsdk:"name"`
	Permissions []rolePermissionModel `tfsdk:"permissions"`
}

func (d *rolesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.scope.typeSuffix() + "s"
}

func (d *rolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	what := "the global roles"
	attrs := map[string]schema.Attribute{}
	if d.scope.project {
		what = "the roles of one project"
		attrs["project"] = schema.StringAttribute{Required: true, MarkdownDescription: "Project whose roles to list."}
	}
	attrs["name_prefix"] = schema.StringAttribute{Optional: true, MarkdownDescription: "Only roles whose name starts with this prefix."}
	attrs["roles"] = schema.ListNestedAttribute{
		Computed: true, MarkdownDescription: "The roles, ordered by name.",
		NestedObject: schema.NestedAttributeObject{Attributes: dataSourceAttributes(roleResourceSchema(d.scope).Attributes,
			cloneMode{drop: []string{"id", "project"}})},
	}
	resp.Schema = schema.Schema{MarkdownDescription: fmt.Sprintf("Lists %s the provider's credentials can see, with their permissions.", what), Attributes: attrs}
}

func (d *rolesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *rolesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	c, diags := d.data.requireClient()
	resp.Diagnostics.Append(diags...)
	var m rolesDataModel
	extras, diags := getModel(ctx, req.Config, &m, "project")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	project := ""
	if p, ok := extras["project"].(types.String); ok {
		project = p.ValueString()
	}
	list, err := c.ListRoles(ctx, d.scope.projectOf(project), m.NamePrefix.ValueString())
	if err != nil {
		summary := "Cannot List Perses Roles"
		if isForbidden(err) {
			resp.Diagnostics.Append(forbiddenListError(summary, d.scope, project, d.scope.where(project), err))
		} else {
			resp.Diagnostics.Append(diagnostics.Error(summary, fmt.Sprintf("Listing the roles of %s failed.", d.scope.where(project)),
				"Check the provider url and credentials (and that the project exists), then try again.", err))
		}
		return
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Metadata.Name < list[j].Metadata.Name })
	m.Roles = make([]roleItemData, 0, len(list))
	for _, r := range list {
		var one roleModel
		one.readFrom(r, d.scope)
		m.Roles = append(m.Roles, roleItemData{Name: types.StringValue(r.Metadata.Name), Permissions: one.Permissions})
	}
	out := map[string]attr.Value{}
	if d.scope.project {
		out["project"] = types.StringValue(project)
	}
	resp.Diagnostics.Append(setModel(ctx, &resp.State, resp.State.Schema.Type(), &m, out)...)
}
