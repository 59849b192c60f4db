package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

var _ datasource.DataSourceWithConfigure = (*projectsDataSource)(nil)

// NewProjectsDataSource returns the perses_projects data source.
func NewProjectsDataSource() datasource.DataSource { return &projectsDataSource{} }

type projectsDataSource struct{ data *providerData }

var projectItemAttrTypes = map[string]attr.Type{
	"name":         types.StringType,
	"display_name": types.StringType,
	"description":  types.StringType,
}

func (d *projectsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_projects"
}

func (d *projectsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Perses projects the provider's credentials can see.",
		Attributes: map[string]schema.Attribute{
			"name_prefix": schema.StringAttribute{Optional: true, MarkdownDescription: "Only projects whose name starts with this prefix."},
			"projects": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The projects, ordered by name.",
				NestedObject: schema.NestedAttributeObject{Attributes: dataSourceAttributes(projectResourceSchema().Attributes,
					cloneMode{drop: []string{"id"}})},
			},
		},
	}
}

func (d *projectsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *projectsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	c, diags := d.data.requireSupportedClient(ctx)
	resp.Diagnostics.Append(diags...)
	var prefix types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathRoot("name_prefix"), &prefix)...)
	if resp.Diagnostics.HasError() {
		return
	}
	projects, err := c.ListProjects(ctx, prefix.ValueString())
	if err != nil {
		resp.Diagnostics.Append(diagnostics.Error("Cannot List Perses Projects", "GET /api/v1/projects failed.",
			"Check the provider's url and credentials (the user needs permission to read projects).", err))
		return
	}
	items := make([]attr.Value, 0, len(projects))
	for _, p := range projects {
		display, description := types.StringNull(), types.StringNull()
		if p.Spec.Display != nil {
			display, description = optionalString(p.Spec.Display.Name), optionalString(p.Spec.Display.Description)
		}
		items = append(items, types.ObjectValueMust(projectItemAttrTypes, map[string]attr.Value{
			"name": types.StringValue(p.Metadata.Name), "display_name": display, "description": description,
		}))
	}
	list, d2 := types.ListValue(types.ObjectType{AttrTypes: projectItemAttrTypes}, items)
	resp.Diagnostics.Append(d2...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathRoot("name_prefix"), prefix)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathRoot("projects"), list)...)
}
