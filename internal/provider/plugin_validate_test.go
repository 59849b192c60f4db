package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestSpecJSONObjectValidatorNamesWhatTheJSONIs(t *testing.T) {
	at := path.Root("plugin").AtName("spec_json")
	fix := "\n\n" + `Write the spec's fields in an object, e.g. spec_json = jsonencode({ directUrl = "https://jaeger.example.com" }).`
	for value, want := range map[string]string{
		`{"directUrl":"https://jaeger.example.com"}`: "",
		`{}`:       "",
		`not json`: "", // specJSONType reports it
		`["a"]`:    "plugin.spec_json is a JSON array, but Perses needs the plugin spec as a JSON object." + fix,
		`"a"`:      "plugin.spec_json is a JSON string, but Perses needs the plugin spec as a JSON object." + fix,
		`20`:       "plugin.spec_json is a JSON number, but Perses needs the plugin spec as a JSON object." + fix,
		`true`:     "plugin.spec_json is a JSON boolean, but Perses needs the plugin spec as a JSON object." + fix,
		`null`:     "plugin.spec_json is JSON null, but Perses needs the plugin spec as a JSON object." + fix,
	} {
		t.Run(value, func(t *testing.T) {
			resp := &validator.StringResponse{}
			specJSONObjectValidator{}.ValidateString(context.Background(), validator.StringRequest{Path: at, ConfigValue: types.StringValue(value)}, resp)
			var wantDiags diag.Diagnostics
			if want != "" {
				wantDiags.AddAttributeError(at, "Invalid Plugin Spec JSON", want)
			}
			if !resp.Diagnostics.Equal(wantDiags) {
				t.Errorf("diagnostics:\n got %v\nwant %v", resp.Diagnostics, wantDiags)
			}
		})
	}
}

func TestSpecJSONReportsInvalidJSONWithTheParseError(t *testing.T) {
	at := path.Root("plugin").AtName("spec_json")
	resp := &xattr.ValidateAttributeResponse{}
	newSpecJSON(`{"directUrl": }`).ValidateAttribute(context.Background(), xattr.ValidateAttributeRequest{Path: at}, resp)
	want := diag.Diagnostics{diag.NewAttributeErrorDiagnostic(at, "Invalid Plugin Spec JSON",
		"plugin.spec_json is not valid JSON: invalid character '}' looking for beginning of value.\n\n"+
			"Build it with jsonencode({ ... }) so that it is always valid JSON.")}
	if !resp.Diagnostics.Equal(want) {
		t.Errorf("diagnostics:\n got %v\nwant %v", resp.Diagnostics, want)
	}
}

// Perses re-encodes the spec it stores: key order and whitespace must not make a difference.
func TestSpecJSONIgnoresKeyOrderAndWhitespace(t *testing.T) {
	written := newSpecJSON("{\n  \"tags\": [\"a\"],  \"maxTraces\": 20\n}")
	for stored, want := range map[string]bool{
		`{"maxTraces":20,"tags":["a"]}`: true,
		`{"maxTraces":21,"tags":["a"]}`: false,
	} {
		equal, diags := written.StringSemanticEquals(context.Background(), newSpecJSON(stored))
		if diags.HasError() || equal != want {
			t.Errorf("%s: semantically equal %v (%v), want %v", stored, equal, diags, want)
		}
	}
}
