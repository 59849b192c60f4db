package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

var _ datasource.DataSourceWithConfigure = (*healthDataSource)(nil)

// NewHealthDataSource returns the perses_health data source.
func NewHealthDataSource() datasource.DataSource { return &healthDataSource{} }

type healthDataSource struct{ data *providerData }

type healthModel struct {
	Version   types.String `tfsdk:"version"`
	Commit    types.String `tfsdk:"commit"`
	BuildTime types.String `tfsdk:"build_time"`
	Database  types.Bool   `tfsdk:"database"`
}

func (d *healthDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_health"
}

func (d *healthDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the health of the configured Perses server (`GET /api/v1/health`): a quick way to check that " +
			"the provider reaches and authenticates to the server, and which Perses version it runs.",
		Attributes: map[string]schema.Attribute{
			"version":    schema.StringAttribute{Computed: true, MarkdownDescription: "Perses version, e.g. `0.54.0`."},
			"commit":     schema.StringAttribute{Computed: true, MarkdownDescription: "Git commit the server was built from."},
			"build_time": schema.StringAttribute{Computed: true, MarkdownDescription: "When the server was built."},
			"database":   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the server reaches its database."},
		},
	}
}

func (d *healthDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *healthDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	c, diags := d.data.requireClient()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	h, err := c.Health(ctx)
	if err != nil {
		resp.Diagnostics.Append(diagnostics.Error("Cannot Read Perses Health",
			"GET /api/v1/health failed.",
			"Check that url points at a running Perses server reachable from where Terraform runs, and the credentials.", err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, healthModel{
		Version:   types.StringValue(h.Version),
		Commit:    types.StringValue(h.Commit),
		BuildTime: types.StringValue(h.BuildTime),
		Database:  types.BoolValue(h.Database),
	})...)
}
