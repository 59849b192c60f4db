package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/spec/go/common"
)

// TestDatasourceModelRoundTrip: a datasource written whole with setDatasource holds what each
// attribute says (read back one by one with GetAttribute, the framework's own reader), and
// getDatasource reads back the same model, in both scopes.
func TestDatasourceModelRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, s := range []scope{globalScope, projectScope} {
		sch := datasourceResourceSchema(s)
		ds := &v1.Datasource{Metadata: v1.ProjectMetadata{Metadata: v1.Metadata{Name: "Prom", Version: 3}}}
		if s.project {
			ds.Metadata.Project = "checkout"
		}
		ds.Spec.Default = true
		ds.Spec.Display = &common.Display{Name: "Prometheus"}
		ds.Spec.Plugin.Kind = "PrometheusDatasource"
		ds.Spec.Plugin.Spec = map[string]any{"proxy": map[string]any{"kind": "HTTPProxy", "spec": map[string]any{
			"url": "http://prometheus:9090", "allowedEndpoints": []any{map[string]any{"endpointPattern": "/api/v1/query", "method": "POST"}},
		}}, "scrapeInterval": "15s"}
		var m datasourceResourceModel
		m.Verify, m.ForceDestroy = types.BoolValue(true), types.BoolValue(false)
		if diags := m.readFrom(ds, s); diags.HasError() {
			t.Fatal(diags)
		}
		st := tfsdk.State{Schema: sch, Raw: tftypes.NewValue(sch.Type().TerraformType(ctx), nil)}
		if diags := setDatasource(ctx, &st, sch.Type(), &m, s); diags.HasError() {
			t.Fatal(diags)
		}
		for name, want := range map[string]types.String{"name": types.StringValue("Prom"), "display_name": types.StringValue("Prometheus"),
			"plugin_kind": types.StringValue("PrometheusDatasource"), "id": types.StringValue(s.id("checkout", "Prom"))} {
			var got types.String
			st.GetAttribute(ctx, path.Root(name), &got)
			if !got.Equal(want) {
				t.Errorf("%s: %s = %s, want %s", s.noun(), name, got, want)
			}
		}
		var verify types.Bool
		var prometheus, tempo types.Object
		st.GetAttribute(ctx, path.Root(verifyAttribute), &verify)
		st.GetAttribute(ctx, path.Root("prometheus"), &prometheus)
		st.GetAttribute(ctx, path.Root("tempo"), &tempo)
		if !verify.ValueBool() || prometheus.IsNull() || !tempo.IsNull() {
			t.Errorf("%s: verify = %s, prometheus = %s, tempo = %s", s.noun(), verify, prometheus, tempo)
		}
		if s.project {
			var project types.String
			st.GetAttribute(ctx, path.Root("project"), &project)
			if project.ValueString() != "checkout" {
				t.Errorf("project = %s", project)
			}
		}

		var back datasourceResourceModel
		if diags := getDatasource(ctx, st, &back); diags.HasError() {
			t.Fatal(diags)
		}
		if !back.Name.Equal(m.Name) || !back.Project.Equal(m.Project) || !back.Kinds["prometheus"].Equal(m.Kinds["prometheus"]) ||
			!back.Verify.Equal(m.Verify) || !back.Version.Equal(m.Version) || !back.Kinds["loki"].IsNull() {
			t.Errorf("%s: read back %+v, wrote %+v", s.noun(), back, m)
		}
	}
}
