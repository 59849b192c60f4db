package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

var (
	_ datasource.DataSourceWithConfigure = (*userDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*usersDataSource)(nil)
)

// NewUserDataSource returns the perses_user data source.
func NewUserDataSource() datasource.DataSource { return &userDataSource{} }

// NewUsersDataSource returns the perses_users data source.
func NewUsersDataSource() datasource.DataSource { return &usersDataSource{} }

// usersData is what both user data sources hold: the provider data.
type usersData struct{ data *providerData }

func (d *usersData) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

// userDataSource reads one user by name: native ones and those an OIDC or OAuth provider made.
type userDataSource struct{ usersData }

// userDataModel is the part of userModel the data source has.
type userDataModel struct {
	ID        types.String `tfsdk:"id"`
	Name      types.String `tfsdk:"name"`
	FirstName types.String `tfsdk:"first_name"`
	LastName  types.String `tfsdk:"last_name"`
}

func (d *userDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + usersScope.typeSuffix()
}

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a Perses user by name (a native user, or one an OIDC or OAuth provider created at its first login): " +
			"its first and last name. Perses never gives a password back. Needs a Perses server with auth on.",
		Attributes: dataSourceAttributes(userResourceSchema().Attributes, cloneMode{inputs: []string{"name"},
			drop: append(userPassword.forms(), userPassword.woVersion(), "version")}),
	}
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	c, diags := d.data.requireClient()
	resp.Diagnostics.Append(diags...)
	var m userDataModel
	_, diags = getModel(ctx, req.Config, &m)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := m.Name.ValueString()
	got, err := c.GetUser(ctx, name)
	if errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.Append(diagnostics.Error("Perses User Not Found",
			fmt.Sprintf("There is no user %q on the Perses server.", name),
			"Check the name; list the users with the perses_users data source. A user of an OIDC or OAuth provider exists only after its first login.", err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(rbacAPIError(usersScope, "Read", "", name, err))
		return
	}
	var full userModel
	full.Name = m.Name
	full.readFrom(got, false)
	m = userDataModel{ID: full.ID, Name: full.Name, FirstName: full.FirstName, LastName: full.LastName}
	resp.Diagnostics.Append(setModel(ctx, &resp.State, resp.State.Schema.Type(), &m, nil)...)
}

// usersDataSource lists the names of the users.
type usersDataSource struct{ usersData }

type usersDataModel struct {
	NamePrefix types.String   `tfsdk:"name_prefix"`
	Names      []types.String `tfsdk:"names"`
}

func (d *usersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + usersScope.typeSuffix() + "s"
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the names of the Perses users the provider's credentials can see (native ones, and those OIDC or OAuth " +
			"providers created at their first login). Needs a Perses server with auth on.",
		Attributes: map[string]schema.Attribute{
			"name_prefix": schema.StringAttribute{Optional: true, MarkdownDescription: "Only users whose name starts with this prefix."},
			"names":       schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The user names, sorted."},
		},
	}
}

func (d *usersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	c, diags := d.data.requireClient()
	resp.Diagnostics.Append(diags...)
	var m usersDataModel
	_, diags = getModel(ctx, req.Config, &m)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, err := c.ListUsers(ctx, m.NamePrefix.ValueString())
	if err != nil {
		summary := "Cannot List Perses Users"
		if isForbidden(err) {
			resp.Diagnostics.Append(forbiddenListError(summary, usersScope, "", "the server", err))
		} else {
			resp.Diagnostics.Append(diagnostics.Error(summary, "Listing the users failed.",
				"Check the provider url and credentials (the users API needs a server with auth on), then try again.", err))
		}
		return
	}
	names := make([]string, 0, len(list))
	for _, u := range list {
		names = append(names, u.Metadata.Name)
	}
	sort.Strings(names)
	m.Names = make([]types.String, 0, len(names))
	for _, n := range names {
		m.Names = append(m.Names, types.StringValue(n))
	}
	resp.Diagnostics.Append(setModel(ctx, &resp.State, resp.State.Schema.Type(), &m, nil)...)
}
