package provider

import (
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/perses/terraform-provider-perses/internal/plugins"
	"github.com/perses/terraform-provider-perses/internal/rules"
)

const (
	nameDescription = "Name of the datasource, unique in its scope: 1 to 75 characters of `a-zA-Z0-9_.-`. " +
		"Dashboards refer to it by this name. A server whose database is not case-sensitive (the Perses default) stores it lowercased, " +
		"and finds it by any spelling."
	projectDescription = "Project the datasource belongs to. Inside that project it overrides a global datasource of the same name."
	pluginDescription  = "Any other datasource plugin kind, as raw JSON: `kind` is the Perses plugin kind (e.g. `JaegerDatasource`) and `spec_json` its spec " +
		"(use `jsonencode`; key order and whitespace do not matter). Prefer the typed attribute when the kind has one."
	pluginKindDescription     = "Perses plugin kind, e.g. `JaegerDatasource`, spelled exactly: kinds are case-sensitive."
	pluginSpecJSONDescription = "The plugin spec as a JSON object."

	// Valid names the name validators suggest when a value cannot be corrected.
	exampleDatasourceName = "prometheus-main"
	exampleProjectName    = "checkout"
)

// kindAttributeNames lists the mutually exclusive attributes that choose the plugin kind.
func kindAttributeNames() []string {
	names := make([]string, 0, len(plugins.Kinds())+1)
	for _, k := range plugins.Kinds() {
		names = append(names, k.Attribute)
	}
	return append(names, pluginAttribute)
}

func datasourceResourceSchema(s scope) schema.Schema {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "`" + s.importIDFormat() + "`, also the import ID.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"name": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: nameDescription,
			Validators:          []validator.String{rules.Name(exampleDatasourceName)},
		},
		"display_name": schema.StringAttribute{
			Optional: true, MarkdownDescription: "Name shown in the Perses UI (`spec.display.name`).",
			Validators: []validator.String{rules.NotEmptyString()},
		},
		"description": schema.StringAttribute{
			Optional: true, MarkdownDescription: "Description shown in the Perses UI (`spec.display.description`).",
			Validators: []validator.String{rules.NotEmptyString()},
		},
		"default": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Whether this is the default datasource of its plugin kind in its scope: panels that name no datasource use it. " +
				"Perses allows one default per plugin kind per scope. Defaults to `false`.",
		},
		pluginAttribute: schema.SingleNestedAttribute{
			Optional:            true,
			MarkdownDescription: pluginDescription,
			Attributes: map[string]schema.Attribute{
				"kind": schema.StringAttribute{Required: true, MarkdownDescription: pluginKindDescription,
					Validators: []validator.String{pluginKindValidator{}}},
				"spec_json": schema.StringAttribute{Required: true, CustomType: specJSONType{}, MarkdownDescription: pluginSpecJSONDescription,
					Validators: []validator.String{specJSONObjectValidator{}}},
			},
		},
		"plugin_kind": schema.StringAttribute{Computed: true, MarkdownDescription: "Perses plugin kind, e.g. `PrometheusDatasource`."},
		"version":     schema.Int64Attribute{Computed: true, MarkdownDescription: "Version Perses gives the object; it increases on every write."},
		"created_at": schema.StringAttribute{
			Computed: true, MarkdownDescription: "Creation time (RFC 3339).",
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"updated_at": schema.StringAttribute{Computed: true, MarkdownDescription: "Last update time (RFC 3339)."},
	}
	if s.project {
		attrs["project"] = schema.StringAttribute{
			Required:            true,
			MarkdownDescription: projectDescription,
			Validators:          []validator.String{rules.Name(exampleProjectName)},
		}
	}
	for _, k := range plugins.Kinds() {
		attrs[k.Attribute] = k.ResourceAttribute()
	}
	for name, attribute := range datasourceOptionAttributes() {
		attrs[name] = attribute
	}
	return schema.Schema{
		Version:             datasourceSchemaVersion,
		MarkdownDescription: datasourceDescription(s),
		Attributes:          attrs,
	}
}

func datasourceDescription(s scope) string {
	where := "A Perses global datasource, available to the dashboards of every project unless a project datasource of the same name overrides it."
	if s.project {
		where = "A Perses datasource in one project. Inside that project it overrides a global datasource of the same name " +
			"(Perses looks datasources up dashboard first, then project, then global)."
	}
	return where + " Set exactly one kind attribute: " + kindList() + "." +
		"\n\nChanging `name`" + projectOr(s) + " replaces the datasource, except a change of letter case alone on a server that finds both spellings " +
		"(a database that is not case-sensitive, the Perses default): the plan then changes nothing and the state keeps the stored spelling. " +
		"A plan writes to Perses only when what it would send differs from what Perses holds; otherwise nothing changes, `version` included." +
		"\n\nOne default per plugin kind per scope: the plan fails if two datasources of this configuration would both be the default, " +
		"or if another datasource is the default and is not planned to stop being it (or to be destroyed or renamed). Moving the default from one datasource " +
		"to another in one apply works in whatever order Terraform applies them (as long as the old default does not `depends_on` the new one). " +
		"Renaming the default with `create_before_destroy` works too: Terraform then creates the new datasource while the old one exists and tells " +
		"the provider nothing of the old one at that point, so a new default whose spec equals the current default's (but for the name) takes the " +
		"flag from it, with a warning at plan." +
		"\n\nDestroying it fails while dashboards use it, listing them, unless `force_destroy = true` " +
		"(Perses itself would delete it and leave the dashboards without data); `verify = true` proves after each apply that it answers through the Perses proxy. " +
		"See the guide \"Verify datasources with check blocks\"."
}

func projectOr(s scope) string {
	if s.project {
		return " or `project`"
	}
	return ""
}

func kindList() string {
	out := ""
	for i, name := range kindAttributeNames() {
		if i > 0 {
			out += ", "
		}
		out += "`" + name + "`"
	}
	return out
}

// datasourceDataSourceSchema reads one stored datasource: the resource's attributes, identity in,
// everything else computed (the resource's options left out).
func datasourceDataSourceSchema(s scope) dschema.Schema {
	desc := "Reads a Perses global datasource by name."
	if s.project {
		desc = "Reads a Perses project datasource by project and name (only the project's own datasources, not the global ones it may override)."
	}
	return dschema.Schema{
		MarkdownDescription: desc,
		Attributes: dataSourceAttributes(datasourceResourceSchema(s).Attributes,
			cloneMode{inputs: []string{"name", "project"}, drop: terraformOnlyAttributes}),
	}
}
