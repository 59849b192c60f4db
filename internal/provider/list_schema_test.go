package provider

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/perses/pkg/model/api/v1/secret"
)

// validateString runs a string validator on value at attribute and returns its diagnostics.
func validateString(v validator.String, attribute string, value types.String) diag.Diagnostics {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root(attribute), ConfigValue: value}, resp)
	return resp.Diagnostics
}

func TestListPluginKindValidator(t *testing.T) {
	for _, tc := range []struct {
		value           string
		summary, detail string
	}{
		{value: "PrometheusDatasource"},
		{value: "JaegerDatasource"}, // any plugin the server may have
		{value: "prometheusdatasource", summary: "Misspelled Plugin Kind",
			detail: `plugin_kind is "prometheusdatasource", which Perses does not know: plugin kinds are compared exactly, and the Prometheus kind is spelled "PrometheusDatasource".` +
				"\n\n" + `Write plugin_kind = "PrometheusDatasource".`},
		{value: "victorialogs", summary: "Misspelled Plugin Kind",
			detail: `plugin_kind is "victorialogs", which Perses does not know: plugin kinds are compared exactly, and the VictoriaLogs kind is spelled "VictoriaLogsDatasource".` +
				"\n\n" + `Write plugin_kind = "VictoriaLogsDatasource".`},
		{value: "ClickHouse", summary: "Misspelled Plugin Kind",
			detail: `plugin_kind is "ClickHouse", which Perses does not know: plugin kinds are compared exactly, and the ClickHouse kind is spelled "ClickHouseDatasource".` +
				"\n\n" + `Write plugin_kind = "ClickHouseDatasource".`},
		{value: " ", summary: "Empty Plugin Kind",
			detail: "plugin_kind is empty, which no datasource has.\n\n" +
				`Omit plugin_kind to list datasources of every kind, or write a Perses plugin kind, e.g. plugin_kind = "PrometheusDatasource".`},
	} {
		t.Run(tc.value, func(t *testing.T) {
			checkSingleDiagnostic(t, validateString(listPluginKindValidator{}, "plugin_kind", types.StringValue(tc.value)), tc.summary, tc.detail)
		})
	}
	if d := validateString(listPluginKindValidator{}, "plugin_kind", types.StringNull()); d.HasError() {
		t.Errorf("null plugin_kind: %v", d)
	}
}

func TestNamePrefixValidator(t *testing.T) {
	for _, tc := range []struct {
		scope           scope
		value           string
		summary, detail string
	}{
		{scope: globalScope, value: "prom"},
		{scope: globalScope, value: "Team.A_b-"},
		{scope: globalScope, value: "", summary: "Empty Name Prefix",
			detail: "name_prefix is empty, which filters nothing.\n\n" +
				`Omit name_prefix to list every global datasource, or write the start of their names, e.g. name_prefix = "prom".`},
		{scope: projectSecretScope, value: "", summary: "Empty Name Prefix",
			detail: "name_prefix is empty, which filters nothing.\n\n" +
				`Omit name_prefix to list every project secret, or write the start of their names, e.g. name_prefix = "prom".`},
		{scope: globalScope, value: "prom*", summary: "Invalid Name Prefix",
			detail: `name_prefix is "prom*", which no Perses name starts with: names are 1 to 75 characters among letters, digits, "_", "." and "-", ` +
				"and the prefix is matched as written (no patterns such as *).\n\n" + `Write name_prefix = "prom".`},
		{scope: projectsScope, value: "team a", summary: "Invalid Name Prefix",
			detail: `name_prefix is "team a", which no Perses name starts with: names are 1 to 75 characters among letters, digits, "_", "." and "-", ` +
				"and the prefix is matched as written (no patterns such as *).\n\n" + `Write name_prefix = "team-a".`},
		{scope: projectsScope, value: "***", summary: "Invalid Name Prefix",
			detail: `name_prefix is "***", which no Perses name starts with: names are 1 to 75 characters among letters, digits, "_", "." and "-", ` +
				"and the prefix is matched as written (no patterns such as *).\n\n" + `Write the start of the names, e.g. "prom".`},
	} {
		t.Run(tc.scope.typeSuffix()+"/"+tc.value, func(t *testing.T) {
			checkSingleDiagnostic(t, validateString(namePrefixValidator{scope: tc.scope}, "name_prefix", types.StringValue(tc.value)), tc.summary, tc.detail)
		})
	}
}

// checkSingleDiagnostic fails unless diags is empty (summary "") or one error with exactly
// summary and detail.
func checkSingleDiagnostic(t *testing.T, diags diag.Diagnostics, summary, detail string) {
	t.Helper()
	if summary == "" {
		if len(diags) != 0 {
			t.Errorf("want no diagnostic, got %v", diags)
		}
		return
	}
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityError {
		t.Fatalf("want one error, got %v", diags)
	}
	if diags[0].Summary() != summary || diags[0].Detail() != detail {
		t.Errorf("got\n%s\n%s\nwant\n%s\n%s", diags[0].Summary(), diags[0].Detail(), summary, detail)
	}
}

func TestListSchemaFilters(t *testing.T) {
	for _, tc := range []struct {
		scope scope
		want  []string
	}{
		{globalScope, []string{"default", "name_prefix", "plugin_kind"}},
		{projectScope, []string{"default", "name_prefix", "plugin_kind", "project"}},
		{projectsScope, []string{"name_prefix"}},
		{globalSecretScope, []string{"name_prefix"}},
		{projectSecretScope, []string{"name_prefix", "project"}},
	} {
		attrs := tc.scope.listSchema().Attributes
		for name, a := range attrs {
			if a.IsRequired() {
				t.Errorf("%s: %s is required; every filter is optional", tc.scope.typeName(), name)
			}
		}
		if got := slices.Sorted(maps.Keys(attrs)); !slices.Equal(got, tc.want) {
			t.Errorf("%s filters %v, want %v", tc.scope.typeName(), got, tc.want)
		}
	}
}

func TestSecretValuesWarning(t *testing.T) {
	listed := []*v1.Secret{
		{Spec: v1.SecretSpec{BasicAuth: &secret.BasicAuth{Username: "perses", Password: "<secret>"}}},
		{Spec: v1.SecretSpec{BasicAuth: &secret.BasicAuth{Username: "perses", PasswordFile: "/etc/password"}}},
		{Spec: v1.SecretSpec{OAuth: &secret.OAuth{ClientID: "<secret>", ClientSecret: "<secret>", TokenURL: "https://auth"},
			TLSConfig: &secret.TLSConfig{CA: "<secret>", KeyFile: "/key"}}},
	}
	held := map[string]int{}
	var blocks []string
	for _, s := range listed {
		b, values := secretContent(s)
		blocks = append(blocks, strings.Join(b, "+"))
		for _, v := range values {
			held[v]++
		}
	}
	if got := strings.Join(blocks, " "); got != "basic_auth basic_auth oauth+tls_config" {
		t.Errorf("blocks %q", got)
	}
	d := secretValuesWarning(projectSecretScope, len(listed), held)
	want := "Perses never gives secret values back, so the 3 listed perses_project_secret resources have none, and neither has a configuration " +
		"generated from them (terraform query -generate-config-out writes them as null). Before applying the imports, supply:\n" +
		"  - basic_auth.password: 1 secret; write password_wo = ... with password_wo_version = 1 (Terraform/OpenTofu 1.11+; password = ... on older CLIs)\n" +
		"  - oauth.client_id: 1 secret; write client_id = ...\n" +
		"  - oauth.client_secret: 1 secret; write client_secret_wo = ... with client_secret_wo_version = 1 (Terraform/OpenTofu 1.11+; client_secret = ... on older CLIs)\n" +
		"  - tls_config.ca: 1 secret; write ca = ...\n\n" +
		"Give each value from a variable or a secret store, never as a literal: the apply then writes it to Perses " +
		"(the plan shows an update of each imported secret). See the guide \"Adopt an existing Perses\"."
	if d.Severity() != diag.SeverityWarning || d.Summary() != "Secret Values Must Be Supplied" || d.Detail() != want {
		t.Errorf("got %s %q:\n%s\nwant:\n%s", d.Severity(), d.Summary(), d.Detail(), want)
	}
}
