package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
	"github.com/perses/terraform-provider-perses/internal/rules"
)

var _ datasource.DataSourceWithConfigure = (*datasourceListDataSource)(nil)

// NewGlobalDatasourcesDataSource returns the perses_global_datasources data source.
func NewGlobalDatasourcesDataSource() datasource.DataSource {
	return &datasourceListDataSource{scope: globalScope}
}

// NewProjectDatasourcesDataSource returns the perses_project_datasources data source.
func NewProjectDatasourcesDataSource() datasource.DataSource {
	return &datasourceListDataSource{scope: projectScope}
}

// datasourceListDataSource lists the datasources of one scope, filtered by the server.
type datasourceListDataSource struct {
	scope scope
	data  *providerData
}

var datasourceItemAttrTypes = map[string]attr.Type{
	"name":         types.StringType,
	"plugin_kind":  types.StringType,
	"default":      types.BoolType,
	"display_name": types.StringType,
	"spec_json":    jsontypes.NormalizedType{},
}

func (d *datasourceListDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.scope.typeSuffix() + "s"
}

func (d *datasourceListDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"kind":        schema.StringAttribute{Optional: true, MarkdownDescription: "Only datasources of this plugin kind, e.g. `PrometheusDatasource`."},
		"default":     schema.BoolAttribute{Optional: true, MarkdownDescription: "Only default (`true`) or non-default (`false`) datasources."},
		"name_prefix": schema.StringAttribute{Optional: true, MarkdownDescription: "Only datasources whose name starts with this prefix."},
		"datasources": schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: "The matching datasources.",
			NestedObject:        schema.NestedAttributeObject{Attributes: datasourceItemAttributes(d.scope)},
		},
	}
	desc := "Lists the Perses global datasources, filtered by the server."
	if d.scope.project {
		attrs["project"] = schema.StringAttribute{Required: true, MarkdownDescription: "Project whose own datasources are listed (global ones are not included).",
			Validators: []validator.String{rules.Name(exampleProjectName)}}
		desc = "Lists the datasources of one Perses project, filtered by the server."
	}
	resp.Schema = schema.Schema{MarkdownDescription: desc, Attributes: attrs}
}

// datasourceItemAttributes are the attributes of one listed datasource: those of the resource that
// describe it in a line, and its plugin spec as JSON.
func datasourceItemAttributes(s scope) map[string]schema.Attribute {
	resource := datasourceResourceSchema(s).Attributes
	attrs := map[string]schema.Attribute{
		"spec_json": schema.StringAttribute{Computed: true, CustomType: jsontypes.NormalizedType{},
			MarkdownDescription: "The plugin spec as JSON (what `plugin.spec_json` or the typed kind attribute describes)."},
	}
	for name := range datasourceItemAttrTypes {
		if a, ok := resource[name]; ok {
			attrs[name] = cloneAttribute(a, false)
		}
	}
	return attrs
}

func (d *datasourceListDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *datasourceListDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	c, diags := d.data.requireSupportedClient(ctx)
	resp.Diagnostics.Append(diags...)
	var kind, prefix, project types.String
	var isDefault types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("kind"), &kind)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("default"), &isDefault)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name_prefix"), &prefix)...)
	if d.scope.project {
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("project"), &project)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	filter := client.DatasourceFilter{Kind: kind.ValueString(), NamePrefix: prefix.ValueString()}
	if !isDefault.IsNull() {
		v := isDefault.ValueBool()
		filter.Default = &v
	}
	list, err := c.ListDatasources(ctx, project.ValueString(), filter)
	if isForbidden(err) {
		resp.Diagnostics.Append(forbiddenListError("Cannot List Perses Datasources", d.scope, project.ValueString(), d.scope.where(project.ValueString()), err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(diagnostics.Error("Cannot List Perses Datasources",
			"Listing the "+d.scope.noun()+"s failed.", "Check the provider credentials and, for a project, that it exists.", err))
		return
	}
	items := make([]attr.Value, 0, len(list))
	for _, ds := range list {
		specJSON, err := json.Marshal(ds.Spec.Plugin.Spec)
		if err != nil {
			resp.Diagnostics.Append(diagnostics.Error("Unexpected Datasource Spec", "A datasource spec cannot be encoded as JSON.", "", err))
			return
		}
		display := types.StringNull()
		if ds.Spec.Display != nil {
			display = optionalString(ds.Spec.Display.Name)
		}
		items = append(items, types.ObjectValueMust(datasourceItemAttrTypes, map[string]attr.Value{
			"name":         types.StringValue(ds.Metadata.Name),
			"plugin_kind":  types.StringValue(ds.Spec.Plugin.Kind),
			"default":      types.BoolValue(ds.Spec.Default),
			"display_name": display,
			"spec_json":    jsontypes.NewNormalizedValue(string(specJSON)),
		}))
	}
	value, d2 := types.ListValue(types.ObjectType{AttrTypes: datasourceItemAttrTypes}, items)
	resp.Diagnostics.Append(d2...)
	for name, v := range map[string]attr.Value{"kind": kind, "default": isDefault, "name_prefix": prefix, "datasources": value} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
	if d.scope.project {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("project"), project)...)
	}
}
