package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

var _ datasource.DataSourceWithConfigure = (*projectDataSource)(nil)

// NewProjectDataSource returns the perses_project data source.
func NewProjectDataSource() datasource.DataSource { return &projectDataSource{} }

type projectDataSource struct{ data *providerData }

func (d *projectDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_project"
}

func (d *projectDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Perses project by name, e.g. to check that a project managed elsewhere exists " +
			"before putting datasources and secrets in it.",
		Attributes: dataSourceAttributes(projectResourceSchema().Attributes, cloneMode{inputs: []string{"name"}}),
	}
}

func (d *projectDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *projectDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	c, diags := d.data.requireSupportedClient(ctx)
	resp.Diagnostics.Append(diags...)
	var m projectModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	p, err := c.GetProject(ctx, m.Name.ValueString())
	if errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.Append(diagnostics.Error("Perses Project Not Found",
			fmt.Sprintf("There is no project %q on the Perses server (or the provider's credentials cannot see it).", m.Name.ValueString()),
			"Check the name; list the projects the credentials can see with the perses_projects data source.", err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(projectAPIError("Read", m.Name.ValueString(), err))
		return
	}
	m.readFrom(p)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
