package provider

import (
	"context"
	"maps"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/spec/go/common"
)

func TestRawAttributes(t *testing.T) {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"name": tftypes.String, "project": tftypes.String, "version": tftypes.Number, "default": tftypes.Bool,
		"created_at": tftypes.String, "updated_at": tftypes.String,
	}}
	raw := tftypes.NewValue(typ, map[string]tftypes.Value{
		"name":       tftypes.NewValue(tftypes.String, "Prometheus"),
		"project":    tftypes.NewValue(tftypes.String, nil),
		"version":    tftypes.NewValue(tftypes.Number, big.NewFloat(7)),
		"default":    tftypes.NewValue(tftypes.Bool, true),
		"created_at": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"updated_at": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	})
	a, err := readRawAttributes(raw)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		got, want attr.Value
	}{
		{a.str("name"), types.StringValue("Prometheus")},
		{a.str("project"), types.StringNull()},
		{a.str("plugin_kind"), types.StringNull()}, // not in this schema
		{a.str("created_at"), types.StringUnknown()},
		{a.int64("version"), types.Int64Value(7)},
		{a.int64("missing"), types.Int64Null()},
		{a.boolean("default"), types.BoolValue(true)},
		{a.boolean("missing"), types.BoolNull()},
		{a.str("version"), types.StringUnknown()}, // wrong type: never a guessed value
	} {
		if !tc.got.Equal(tc.want) {
			t.Errorf("got %s, want %s", tc.got, tc.want)
		}
	}
	if _, err := readRawAttributes(tftypes.NewValue(tftypes.String, "x")); err == nil {
		t.Error("reading the attributes of a string: no error")
	}
}

// TestTopLevelMatchesTheFramework: writing a datasource with setTopLevel gives the state that
// one SetAttribute per attribute gives, and getTopLevel reads back what GetAttribute reads.
func TestTopLevelMatchesTheFramework(t *testing.T) {
	ctx := context.Background()
	for _, s := range []scope{globalScope, projectScope} {
		sch := datasourceResourceSchema(s)
		null := tftypes.NewValue(sch.Type().TerraformType(ctx), nil)
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
		m := datasourceModel{Project: types.StringNull(), Kinds: map[string]types.Object{}}
		if diags := m.readFrom(ds, s); diags.HasError() {
			t.Fatal(diags)
		}

		fast := tfsdk.State{Schema: sch, Raw: null}
		if diags := m.set(ctx, &fast, s); diags.HasError() {
			t.Fatal(diags)
		}
		slow := tfsdk.State{Schema: sch, Raw: null}
		values := m.specTargets()
		maps.Copy(values, m.metaTargets(s))
		for name, v := range values {
			slow.SetAttribute(ctx, path.Root(name), v)
		}
		for k, obj := range m.Kinds {
			slow.SetAttribute(ctx, path.Root(k), obj)
		}
		if !fast.Raw.Equal(slow.Raw) {
			t.Fatalf("%s: setTopLevel wrote\n%s\nSetAttribute writes\n%s", s.noun(), fast.Raw, slow.Raw)
		}

		got, diags := getDatasourceModel(ctx, fast, s, true)
		if diags.HasError() {
			t.Fatal(diags)
		}
		var name types.String
		var prometheus types.Object
		fast.GetAttribute(ctx, path.Root("name"), &name)
		fast.GetAttribute(ctx, path.Root("prometheus"), &prometheus)
		if !got.Name.Equal(name) || !got.Kinds["prometheus"].Equal(prometheus) || got.Kinds["prometheus"].IsNull() || !got.Default.ValueBool() {
			t.Errorf("%s: getTopLevel read name %s, prometheus %s; GetAttribute reads %s, %s", s.noun(), got.Name, got.Kinds["prometheus"], name, prometheus)
		}
	}
}

// TestSetTopLevelRefusesAValueOfTheWrongType: a bug, reported, not a panic.
func TestSetTopLevelRefusesAValueOfTheWrongType(t *testing.T) {
	ctx := context.Background()
	sch := datasourceResourceSchema(globalScope)
	st := tfsdk.State{Schema: sch, Raw: tftypes.NewValue(sch.Type().TerraformType(ctx), nil)}
	diags := setTopLevel(ctx, &st, map[string]any{"name": types.Int64Value(1)})
	if !diags.HasError() || !strings.Contains(diags[0].Detail(), "This is a bug in the provider") {
		t.Fatalf("diagnostics = %v", diags)
	}
}
