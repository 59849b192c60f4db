package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
	"github.com/perses/terraform-provider-perses/internal/plugins"
)

// Offline checks of the raw `plugin` attribute. Whether Perses knows the kind, and whether the
// spec fits its schema, needs the server: that is checked at plan.

var (
	_ validator.String = pluginKindValidator{}
	_ validator.String = specJSONObjectValidator{}
)

// pluginKindValidator checks plugin.kind: Perses needs one, and compares kinds case-sensitively,
// so "prometheusdatasource" is an unknown plugin to it, not Prometheus.
type pluginKindValidator struct{}

func (v pluginKindValidator) Description(context.Context) string {
	return "must be a Perses plugin kind, spelled exactly"
}

func (v pluginKindValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v pluginKindValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if strings.TrimSpace(value) == "" {
		resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Missing Plugin Kind",
			fmt.Sprintf("%s is empty, but Perses needs the plugin kind of the datasource.", req.Path),
			fmt.Sprintf(`Write the Perses plugin kind, e.g. "JaegerDatasource", or set a typed attribute instead of plugin: %s.`, typedKindList())))
		return
	}
	for _, k := range plugins.Kinds() {
		if value != k.PluginKind && strings.EqualFold(strings.TrimSpace(value), k.PluginKind) {
			resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Misspelled Plugin Kind",
				fmt.Sprintf("%s is %q, which Perses does not know: plugin kinds are case-sensitive, and the %s kind is spelled %q.",
					req.Path, value, k.Title, k.PluginKind),
				fmt.Sprintf("Set the typed attribute %s = { ... } instead of plugin (its fields are then checked offline), or write kind = %q.",
					k.Attribute, k.PluginKind)))
			return
		}
	}
}

func typedKindList() string {
	names := make([]string, 0, len(plugins.Kinds()))
	for _, k := range plugins.Kinds() {
		names = append(names, k.Attribute)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// specJSONObjectValidator checks that plugin.spec_json is a JSON object, as every Perses plugin
// spec is, and holds no credentials outside a secret (as the typed attributes check). Invalid JSON
// is specJSONType's to report.
type specJSONObjectValidator struct{}

func (v specJSONObjectValidator) Description(context.Context) string {
	return "must be a JSON object"
}

func (v specJSONObjectValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v specJSONObjectValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var decoded any
	if err := json.Unmarshal([]byte(req.ConfigValue.ValueString()), &decoded); err != nil {
		return
	}
	var what string
	switch decoded.(type) {
	case map[string]any:
		for _, p := range plugins.SpecCredentialProblems(req.Path.String(), decoded) {
			resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, p.Summary, p.Detail, p.Fix))
		}
		return
	case []any:
		what = "a JSON array"
	case string:
		what = "a JSON string"
	case float64:
		what = "a JSON number"
	case bool:
		what = "a JSON boolean"
	default:
		what = "JSON null"
	}
	resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Invalid Plugin Spec JSON",
		fmt.Sprintf("%s is %s, but Perses needs the plugin spec as a JSON object.", req.Path, what),
		`Write the spec's fields in an object, e.g. spec_json = jsonencode({ directUrl = "https://jaeger.example.com" }).`))
}
