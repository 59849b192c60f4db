package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

var _ datasource.DataSourceWithValidateConfig = (*datasourceSpecDataSource)(nil)

// NewDatasourceSpecDataSource returns perses_datasource_spec, which renders a datasource spec
// offline, e.g. to embed it in a dashboard (dashboard-scoped datasources).
func NewDatasourceSpecDataSource() datasource.DataSource { return &datasourceSpecDataSource{} }

type datasourceSpecDataSource struct{}

// datasourceSpecDataSourceModel is a spec and its rendering.
type datasourceSpecDataSourceModel struct {
	datasourceSpecModel
	JSON jsontypes.Normalized `tfsdk:"json"`
}

func (d *datasourceSpecDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_datasource_spec"
}

func (d *datasourceSpecDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	// The spec attributes of the datasource resources, as input; not what Perses stores around a spec.
	attrs := dataSourceAttributes(datasourceResourceSchema(globalScope).Attributes, cloneMode{allInputs: true,
		drop: append([]string{"id", "name", "plugin_kind", "version", "created_at", "updated_at"}, terraformOnlyAttributes...)})
	attrs["json"] = schema.StringAttribute{
		Computed: true, CustomType: jsontypes.NormalizedType{},
		MarkdownDescription: "The datasource spec as a dashboard's `spec.datasources.<name>` embeds it: `{display, default, plugin}`. " +
			"A proxy with `allowed_endpoints` omitted gets the kind's default endpoints, as in the resources.",
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Renders a datasource spec without calling the server, validated like the datasource resources: " +
			"the JSON a dashboard embeds for a dashboard-scoped datasource (`default` then makes it the default of its kind in the dashboard). " +
			"Set exactly one kind attribute: " + kindList() + ".",
		Attributes: attrs,
	}
}

func (d *datasourceSpecDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	resp.Diagnostics.Append(validateKindChoice(ctx, req.Config)...)
}

func (d *datasourceSpecDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m datasourceSpecDataSourceModel
	resp.Diagnostics.Append(getDatasource(ctx, req.Config, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	spec, diags := m.spec(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	out, err := json.Marshal(spec)
	if err != nil {
		resp.Diagnostics.Append(diagnostics.Error("Cannot Render Datasource Spec", "The spec cannot be encoded as JSON.", "", err))
		return
	}
	resp.State.Raw = req.Config.Raw
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("json"), jsontypes.NewNormalizedValue(string(out)))...)
}
