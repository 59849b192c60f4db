package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

var _ datasource.DataSourceWithConfigure = (*datasourceDataSource)(nil)

// NewGlobalDatasourceDataSource returns the perses_global_datasource data source.
func NewGlobalDatasourceDataSource() datasource.DataSource {
	return &datasourceDataSource{scope: globalScope}
}

// NewProjectDatasourceDataSource returns the perses_project_datasource data source.
func NewProjectDatasourceDataSource() datasource.DataSource {
	return &datasourceDataSource{scope: projectScope}
}

// datasourceDataSource reads one stored datasource, in either scope.
type datasourceDataSource struct {
	scope scope
	data  *providerData
}

func (d *datasourceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.scope.typeSuffix()
}

func (d *datasourceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = datasourceDataSourceSchema(d.scope)
}

func (d *datasourceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *datasourceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	c, diags := d.data.requireSupportedClient(ctx)
	resp.Diagnostics.Append(diags...)
	var m datasourceModel
	resp.Diagnostics.Append(getDatasource(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ds, err := c.GetDatasource(ctx, m.Project.ValueString(), m.Name.ValueString())
	if errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.Append(diagnostics.Error("Perses Datasource Not Found",
			fmt.Sprintf("There is no %s on the Perses server.", d.scope.describe(m.Project.ValueString(), m.Name.ValueString())),
			"Check the name (and project); list what exists with the perses_"+d.scope.typeSuffix()+"s data source.", err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(scopedAPIError(d.scope, "Read", m.Project.ValueString(), m.Name.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(m.readFrom(ds, d.scope)...)
	resp.Diagnostics.Append(setDatasource(ctx, &resp.State, resp.State.Schema.Type(), &m, d.scope)...)
}
