package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/spec/go/common"
	"github.com/perses/spec/go/datasource"
	"github.com/perses/spec/go/plugin"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
	"github.com/perses/terraform-provider-perses/internal/plugins"
)

// pluginAttribute is the raw escape hatch for plugin kinds without a typed attribute.
const pluginAttribute = "plugin"

var pluginAttrTypes = map[string]attr.Type{
	"kind":      types.StringType,
	"spec_json": specJSONType{},
}

// datasourceSpecModel is what every datasource schema describes of a spec, perses_datasource_spec
// included. The typed kind attributes are kept by attribute name, so that a new kind needs no
// change here; each is null unless chosen.
type datasourceSpecModel struct {
	DisplayName types.String            `tfsdk:"display_name"`
	Description types.String            `tfsdk:"description"`
	Default     types.Bool              `tfsdk:"default"`
	Plugin      types.Object            `tfsdk:"plugin"`
	Kinds       map[string]types.Object `tfsdk:"-"`
}

// datasourceModel is a stored datasource: the resources' and the data sources' attributes.
type datasourceModel struct {
	datasourceSpecModel
	ID         types.String `tfsdk:"id"`
	Name       types.String `tfsdk:"name"`
	PluginKind types.String `tfsdk:"plugin_kind"`
	Version    types.Int64  `tfsdk:"version"`
	CreatedAt  types.String `tfsdk:"created_at"`
	UpdatedAt  types.String `tfsdk:"updated_at"`
	// Project is null in the global scope, whose schemas have no project attribute.
	Project types.String `tfsdk:"-"`
}

// datasourceResourceModel adds the resources' options (datasource_options.go).
type datasourceResourceModel struct {
	datasourceModel
	Verify       types.Bool `tfsdk:"verify"`
	ForceDestroy types.Bool `tfsdk:"force_destroy"`
}

// datasourceData is one of the datasource models, seen by the code that reads and writes them.
type datasourceData interface {
	specModel() *datasourceSpecModel
	// projectField is the project attribute, or nil when the schema has none.
	projectField() *types.String
}

func (m *datasourceSpecModel) specModel() *datasourceSpecModel { return m }
func (m *datasourceSpecModel) projectField() *types.String     { return nil }
func (m *datasourceModel) projectField() *types.String         { return &m.Project }

// datasourceExtras are the attributes a datasource model cannot tag (see state.go).
func datasourceExtras() []string {
	names := make([]string, 0, len(plugins.Kinds())+1)
	for _, k := range plugins.Kinds() {
		names = append(names, k.Attribute)
	}
	return append(names, "project")
}

// getDatasource reads a plan, state or configuration into m.
func getDatasource(ctx context.Context, data wholeGetter, m datasourceData) diag.Diagnostics {
	extras, diags := getModel(ctx, data, m, datasourceExtras()...)
	spec := m.specModel()
	spec.Kinds = make(map[string]types.Object, len(plugins.Kinds()))
	for _, k := range plugins.Kinds() {
		obj, ok := extras[k.Attribute].(types.Object)
		if !ok {
			obj = types.ObjectNull(k.AttrTypes())
		}
		spec.Kinds[k.Attribute] = obj
	}
	if project := m.projectField(); project != nil {
		*project = types.StringNull()
		if v, ok := extras["project"].(types.String); ok {
			*project = v
		}
	}
	return diags
}

// setDatasource writes m as the whole of a state (or plan) of a schema of scope s.
func setDatasource(ctx context.Context, data wholeSetter, typ attr.Type, m datasourceData, s scope) diag.Diagnostics {
	spec := m.specModel()
	extras := make(map[string]attr.Value, len(plugins.Kinds())+1)
	for _, k := range plugins.Kinds() {
		obj, ok := spec.Kinds[k.Attribute]
		if !ok {
			obj = types.ObjectNull(k.AttrTypes())
		}
		extras[k.Attribute] = obj
	}
	if project := m.projectField(); project != nil && s.project {
		extras["project"] = *project
	}
	return setModel(ctx, data, typ, m, extras)
}

// chosenKind returns the typed kind whose attribute is set, or nil when `plugin` is used (or
// nothing is set: ValidateConfig reports that).
func (m *datasourceSpecModel) chosenKind() (*plugins.Kind, types.Object) {
	for _, k := range plugins.Kinds() {
		if obj, ok := m.Kinds[k.Attribute]; ok && !obj.IsNull() {
			return k, obj
		}
	}
	return nil, types.ObjectNull(nil)
}

// plannedPluginKind is the Perses plugin kind the configuration selects, or unknown.
func (m *datasourceSpecModel) plannedPluginKind() types.String {
	if k, obj := m.chosenKind(); k != nil {
		if obj.IsUnknown() {
			return types.StringUnknown()
		}
		return types.StringValue(k.PluginKind)
	}
	if m.Plugin.IsNull() || m.Plugin.IsUnknown() {
		return types.StringUnknown()
	}
	kind, ok := m.Plugin.Attributes()["kind"].(types.String)
	if !ok || kind.IsNull() {
		return types.StringUnknown()
	}
	return kind
}

// kindPath points at the attribute that chooses the plugin kind.
func (m *datasourceSpecModel) kindPath() path.Path {
	if k, _ := m.chosenKind(); k != nil {
		return path.Root(k.Attribute)
	}
	return path.Root(pluginAttribute).AtName("kind")
}

// secretPath points at the attribute that names the proxy's secret.
func (m *datasourceSpecModel) secretPath() path.Path {
	if k, _ := m.chosenKind(); k != nil {
		return path.Root(k.Attribute).AtName("proxy").AtName("secret")
	}
	return path.Root(pluginAttribute).AtName("spec_json")
}

// specKnown says whether every value the spec is built from is known (not waiting for apply).
func (m *datasourceSpecModel) specKnown(ctx context.Context) bool {
	values := []attr.Value{m.DisplayName, m.Description, m.Default, m.Plugin}
	for _, obj := range m.Kinds {
		values = append(values, obj)
	}
	for _, v := range values {
		tv, err := v.ToTerraformValue(ctx)
		if err != nil || !tv.IsFullyKnown() {
			return false
		}
	}
	return true
}

// spec builds the Perses datasource spec from known attribute values.
func (m *datasourceSpecModel) spec(ctx context.Context) (datasource.Spec, diag.Diagnostics) {
	var diags diag.Diagnostics
	spec := datasource.Spec{Default: m.Default.ValueBool()}
	if name, desc := m.DisplayName.ValueString(), m.Description.ValueString(); name != "" || desc != "" {
		spec.Display = &common.Display{Name: name, Description: desc}
	}
	if k, obj := m.chosenKind(); k != nil {
		pluginSpec, d := k.ToSpec(ctx, obj)
		diags.Append(d...)
		spec.Plugin = plugin.Plugin{Kind: k.PluginKind, Spec: pluginSpec}
		return spec, diags
	}
	var raw struct {
		Kind     types.String `tfsdk:"kind"`
		SpecJSON specJSON     `tfsdk:"spec_json"`
	}
	diags.Append(m.Plugin.As(ctx, &raw, basetypes.ObjectAsOptions{})...)
	if diags.HasError() {
		return spec, diags
	}
	var pluginSpec any
	if err := json.Unmarshal([]byte(raw.SpecJSON.ValueString()), &pluginSpec); err != nil {
		diags.Append(invalidSpecJSONError(path.Root(pluginAttribute).AtName("spec_json"), err))
		return spec, diags
	}
	spec.Plugin = plugin.Plugin{Kind: raw.Kind.ValueString(), Spec: pluginSpec}
	return spec, diags
}

// datasource builds the Perses object to create or update.
func (m *datasourceModel) datasource(ctx context.Context, s scope) (*v1.Datasource, diag.Diagnostics) {
	spec, diags := m.spec(ctx)
	ds := &v1.Datasource{Kind: v1.KindDatasource, Spec: spec}
	ds.Metadata.Name = m.Name.ValueString()
	ds.Metadata.Project = s.projectOf(m.Project.ValueString())
	return ds, diags
}

// readFrom fills the model from what Perses holds. The prior model says how the user wrote it:
// its spelling of name and project is kept when the server only changed their case (a database
// with case_sensitive false lowercases them), and a datasource managed through `plugin` stays
// there even if its kind has a typed attribute.
func (m *datasourceModel) readFrom(ds *v1.Datasource, s scope) diag.Diagnostics {
	var diags diag.Diagnostics
	m.Name = keepSpelling(m.Name, ds.Metadata.Name)
	if s.project {
		m.Project = keepSpelling(m.Project, ds.Metadata.Project)
	}
	m.ID = types.StringValue(s.id(m.Project.ValueString(), m.Name.ValueString()))
	m.readSpecFrom(ds.Spec, &diags)
	m.PluginKind = types.StringValue(ds.Spec.Plugin.Kind)
	m.Version = types.Int64Value(int64(ds.Metadata.Version))
	m.CreatedAt = types.StringValue(ds.Metadata.CreatedAt.UTC().Format(timeFormat))
	m.UpdatedAt = types.StringValue(ds.Metadata.UpdatedAt.UTC().Format(timeFormat))
	return diags
}

const timeFormat = "2006-01-02T15:04:05.999999999Z07:00"

func (m *datasourceSpecModel) readSpecFrom(spec datasource.Spec, diags *diag.Diagnostics) {
	m.Default = types.BoolValue(spec.Default)
	m.DisplayName, m.Description = types.StringNull(), types.StringNull()
	if spec.Display != nil {
		m.DisplayName, m.Description = optionalString(spec.Display.Name), optionalString(spec.Display.Description)
	}
	usedRaw := !m.Plugin.IsNull() && !m.Plugin.IsUnknown()
	m.Kinds = make(map[string]types.Object, len(plugins.Kinds()))
	for _, k := range plugins.Kinds() {
		m.Kinds[k.Attribute] = types.ObjectNull(k.AttrTypes())
	}
	m.Plugin = types.ObjectNull(pluginAttrTypes)

	if k := plugins.ByPluginKind(spec.Plugin.Kind); k != nil && !usedRaw {
		specMap, ok := spec.Plugin.Spec.(map[string]any)
		if !ok && spec.Plugin.Spec != nil {
			diags.Append(diagnostics.Error("Unexpected Plugin Spec",
				fmt.Sprintf("The %s spec stored in Perses is not a JSON object.", k.PluginKind),
				"Fix the datasource in Perses, or manage it with the plugin attribute.", nil))
			return
		}
		obj, d := k.FromSpec(specMap)
		diags.Append(d...)
		m.Kinds[k.Attribute] = obj
		return
	}
	raw, err := json.Marshal(spec.Plugin.Spec)
	if err != nil {
		diags.Append(diagnostics.Error("Unexpected Plugin Spec", "The plugin spec stored in Perses cannot be encoded as JSON.", "", err))
		return
	}
	m.Plugin = types.ObjectValueMust(pluginAttrTypes, map[string]attr.Value{
		"kind":      types.StringValue(spec.Plugin.Kind),
		"spec_json": newSpecJSON(string(raw)),
	})
}

// keepSpelling returns prior when the server's value differs from it only in letter case.
func keepSpelling(prior types.String, server string) types.String {
	if !prior.IsNull() && !prior.IsUnknown() && strings.EqualFold(prior.ValueString(), server) {
		return prior
	}
	return types.StringValue(server)
}
