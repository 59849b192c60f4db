package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
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

// datasourceModel holds the attributes shared by the datasource resources and data sources.
// The typed kind attributes are kept by name, so that a new kind needs no change here.
type datasourceModel struct {
	ID          types.String
	Project     types.String // null in the global scope
	Name        types.String
	DisplayName types.String
	Description types.String
	Default     types.Bool
	Kinds       map[string]types.Object // by attribute name; null when not chosen
	Plugin      types.Object
	PluginKind  types.String
	Version     types.Int64
	CreatedAt   types.String
	UpdatedAt   types.String
}

type attrGetter interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

type attrSetter interface {
	SetAttribute(ctx context.Context, p path.Path, val any) diag.Diagnostics
}

// specAttributes are read and written by every datasource schema, including perses_datasource_spec.
func (m *datasourceModel) specTargets() map[string]any {
	t := map[string]any{
		"display_name":  &m.DisplayName,
		"description":   &m.Description,
		"default":       &m.Default,
		pluginAttribute: &m.Plugin,
	}
	return t
}

// metaTargets are the identity and server-computed attributes of a stored datasource.
func (m *datasourceModel) metaTargets(s scope) map[string]any {
	t := map[string]any{
		"id":          &m.ID,
		"name":        &m.Name,
		"plugin_kind": &m.PluginKind,
		"version":     &m.Version,
		"created_at":  &m.CreatedAt,
		"updated_at":  &m.UpdatedAt,
	}
	if s.project {
		t["project"] = &m.Project
	}
	return t
}

func getDatasourceModel(ctx context.Context, g attrGetter, s scope, withMeta bool) (datasourceModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := datasourceModel{Project: types.StringNull(), Kinds: map[string]types.Object{}}
	targets := m.specTargets()
	if withMeta {
		for k, v := range m.metaTargets(s) {
			targets[k] = v
		}
	}
	kindObjects := make([]types.Object, len(plugins.Kinds()))
	for i, k := range plugins.Kinds() {
		targets[k.Attribute] = &kindObjects[i]
	}
	diags.Append(getTopLevel(ctx, g, targets)...)
	for i, k := range plugins.Kinds() {
		m.Kinds[k.Attribute] = kindObjects[i]
	}
	return m, diags
}

func (m *datasourceModel) set(ctx context.Context, st *tfsdk.State, s scope) diag.Diagnostics {
	values := m.specTargets()
	maps.Copy(values, m.metaTargets(s))
	for _, k := range plugins.Kinds() {
		obj, ok := m.Kinds[k.Attribute]
		if !ok {
			obj = types.ObjectNull(k.AttrTypes())
		}
		values[k.Attribute] = obj
	}
	return setTopLevel(ctx, st, values)
}

// chosenKind returns the typed kind whose attribute is set, or nil when `plugin` is used (or
// nothing is set: ValidateConfig reports that).
func (m *datasourceModel) chosenKind() (*plugins.Kind, types.Object) {
	for _, k := range plugins.Kinds() {
		if obj, ok := m.Kinds[k.Attribute]; ok && !obj.IsNull() {
			return k, obj
		}
	}
	return nil, types.ObjectNull(nil)
}

// plannedPluginKind is the Perses plugin kind the configuration selects, or unknown.
func (m *datasourceModel) plannedPluginKind(ctx context.Context) types.String {
	if k, obj := m.chosenKind(); k != nil {
		if obj.IsUnknown() {
			return types.StringUnknown()
		}
		return types.StringValue(k.PluginKind)
	}
	if m.Plugin.IsNull() || m.Plugin.IsUnknown() {
		return types.StringUnknown()
	}
	var kind types.String
	if v, ok := m.Plugin.Attributes()["kind"].(types.String); ok {
		kind = v
	}
	_ = ctx
	if kind.IsNull() {
		return types.StringUnknown()
	}
	return kind
}

// specKnown says whether every value the spec is built from is known (not waiting for apply).
func (m *datasourceModel) specKnown(ctx context.Context) bool {
	values := []attr.Value{m.Name, m.Project, m.DisplayName, m.Description, m.Default, m.Plugin}
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
func (m *datasourceModel) spec(ctx context.Context) (datasource.Spec, diag.Diagnostics) {
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
	diags.Append(m.Plugin.As(ctx, &raw, objectAsOptions)...)
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
	if s.project {
		ds.Metadata.Project = m.Project.ValueString()
	}
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
	m.Version = types.Int64Value(int64(ds.Metadata.Version))
	m.CreatedAt = types.StringValue(ds.Metadata.CreatedAt.UTC().Format(timeFormat))
	m.UpdatedAt = types.StringValue(ds.Metadata.UpdatedAt.UTC().Format(timeFormat))
	return diags
}

const timeFormat = "2006-01-02T15:04:05.999999999Z07:00"

func (m *datasourceModel) readSpecFrom(spec datasource.Spec, diags *diag.Diagnostics) {
	m.Default = types.BoolValue(spec.Default)
	m.DisplayName, m.Description = types.StringNull(), types.StringNull()
	if spec.Display != nil {
		m.DisplayName, m.Description = optionalString(spec.Display.Name), optionalString(spec.Display.Description)
	}
	m.PluginKind = types.StringValue(spec.Plugin.Kind)
	usedRaw := !m.Plugin.IsNull() && !m.Plugin.IsUnknown()
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
