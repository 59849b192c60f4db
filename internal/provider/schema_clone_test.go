package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

func dataSourceSchemaOf(t *testing.T, d datasource.DataSource) dschema.Schema {
	t.Helper()
	resp := &datasource.SchemaResponse{}
	d.Schema(context.Background(), datasource.SchemaRequest{}, resp)
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("invalid schema: %v", diags)
	}
	return resp.Schema
}

// TestDatasourceDataSourcesReadTheResourceAttributes: the data sources that read a datasource have
// the resource's attributes, with the same descriptions, identity as input and every other one
// computed (no validator), and none of the resource's own options.
func TestDatasourceDataSourcesReadTheResourceAttributes(t *testing.T) {
	for _, s := range []scope{globalScope, projectScope} {
		ds := dataSourceSchemaOf(t, &datasourceDataSource{scope: s})
		resource := datasourceResourceSchema(s)
		for _, option := range terraformOnlyAttributes {
			if _, ok := ds.Attributes[option]; ok {
				t.Errorf("%s: the data source has the resource option %s", s.noun(), option)
			}
		}
		for name, a := range ds.Attributes {
			r, ok := resource.Attributes[name]
			if !ok {
				t.Errorf("%s: %s is not a resource attribute", s.noun(), name)
				continue
			}
			if a.GetMarkdownDescription() != r.GetMarkdownDescription() {
				t.Errorf("%s: %s is described %q, the resource %q", s.noun(), name, a.GetMarkdownDescription(), r.GetMarkdownDescription())
			}
			identity := name == "name" || name == "project"
			if identity != a.IsRequired() || identity == a.IsComputed() || a.IsOptional() {
				t.Errorf("%s: %s required=%v optional=%v computed=%v", s.noun(), name, a.IsRequired(), a.IsOptional(), a.IsComputed())
			}
			if !a.GetType().Equal(r.GetType()) {
				t.Errorf("%s: %s has type %s, the resource %s", s.noun(), name, a.GetType(), r.GetType())
			}
		}
		if len(ds.Attributes) != len(resource.Attributes)-len(terraformOnlyAttributes) {
			t.Errorf("%s: %d attributes, the resource has %d (options included)", s.noun(), len(ds.Attributes), len(resource.Attributes))
		}
		var walk func(path string, a dschema.Attribute)
		walk = func(path string, a dschema.Attribute) {
			switch n := a.(type) {
			case dschema.SingleNestedAttribute:
				if len(n.Validators) > 0 || !n.Computed {
					t.Errorf("%s: %s computed=%v with %d validators", s.noun(), path, n.Computed, len(n.Validators))
				}
				for name, nested := range n.Attributes {
					walk(path+"."+name, nested)
				}
			case dschema.ListNestedAttribute:
				for name, nested := range n.NestedObject.Attributes {
					walk(path+"[]."+name, nested)
				}
			case dschema.StringAttribute:
				if len(n.Validators) > 0 || !n.Computed || n.Optional || n.Required {
					t.Errorf("%s: %s is not computed only, or has validators", s.noun(), path)
				}
			}
		}
		walk("prometheus", ds.Attributes["prometheus"])
	}
}

// TestDatasourceSpecTakesTheResourceSpecAttributes: perses_datasource_spec takes the spec attributes
// of the resources as input, with their validators, and nothing Perses stores around a spec.
func TestDatasourceSpecTakesTheResourceSpecAttributes(t *testing.T) {
	ds := dataSourceSchemaOf(t, &datasourceSpecDataSource{})
	for _, stored := range []string{"id", "name", "project", "plugin_kind", "version", "created_at", "updated_at", verifyAttribute, forceDestroyAttribute} {
		if _, ok := ds.Attributes[stored]; ok {
			t.Errorf("perses_datasource_spec has %s", stored)
		}
	}
	prometheus, ok := ds.Attributes["prometheus"].(dschema.SingleNestedAttribute)
	if !ok || !prometheus.Optional || prometheus.Computed || len(prometheus.Validators) != 1 {
		t.Fatalf("prometheus: %#v", ds.Attributes["prometheus"])
	}
	proxy, _ := prometheus.Attributes["proxy"].(dschema.SingleNestedAttribute)
	endpoints, _ := proxy.Attributes["allowed_endpoints"].(dschema.ListNestedAttribute)
	// Computed: the data source renders the defaults when it is omitted.
	if !endpoints.Optional || !endpoints.Computed || len(endpoints.Validators) == 0 {
		t.Errorf("allowed_endpoints: optional=%v computed=%v, %d validators", endpoints.Optional, endpoints.Computed, len(endpoints.Validators))
	}
	method, _ := endpoints.NestedObject.Attributes["method"].(dschema.StringAttribute)
	if !method.Required || len(method.Validators) != 1 {
		t.Errorf("method: required=%v, %d validators", method.Required, len(method.Validators))
	}
	if json, ok := ds.Attributes["json"]; !ok || !json.IsComputed() {
		t.Error("json is not a computed attribute")
	}
}

func TestProjectDataSourcesReadTheResourceAttributes(t *testing.T) {
	p := dataSourceSchemaOf(t, NewProjectDataSource())
	for name, a := range projectResourceSchema().Attributes {
		got, ok := p.Attributes[name]
		if !ok || got.GetMarkdownDescription() != a.GetMarkdownDescription() || (name == "name") != got.IsRequired() {
			t.Errorf("perses_project data source: %s = %#v", name, got)
		}
	}
	list, _ := dataSourceSchemaOf(t, NewProjectsDataSource()).Attributes["projects"].(dschema.ListNestedAttribute)
	if _, ok := list.NestedObject.Attributes["display_name"]; !ok || len(list.NestedObject.Attributes) != 3 {
		t.Errorf("perses_projects items: %v", list.NestedObject.Attributes)
	}
}
