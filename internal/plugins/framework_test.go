package plugins

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// These tests run the kind attributes through the framework itself, as Terraform would call the
// provider, to check that the validators and the plan modifier of nested attributes take effect.

type testProvider struct{}

func (testProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "test"
}
func (testProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (testProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (testProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (testProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return testResource{} }}
}

// testResource has one attribute per kind, nothing else.
type testResource struct{}

func (testResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "test_datasource"
}

func (testResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = testSchema()
}

func testSchema() rschema.Schema {
	attributes := map[string]rschema.Attribute{}
	for _, k := range Kinds() {
		attributes[k.Attribute] = k.ResourceAttribute()
	}
	return rschema.Schema{Attributes: attributes}
}

func (testResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (testResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse)       {}
func (testResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (testResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// resourceConfig is the test resource's configuration with kind set to value, the other kinds null.
func resourceConfig(t *testing.T, k *Kind, value types.Object) *tfprotov6.DynamicValue {
	t.Helper()
	ctx := context.Background()
	typ := testSchema().Type().TerraformType(ctx)
	values := map[string]tftypes.Value{}
	for _, other := range Kinds() {
		values[other.Attribute] = tftypes.NewValue(types.ObjectType{AttrTypes: other.AttrTypes()}.TerraformType(ctx), nil)
	}
	v, err := value.ToTerraformValue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	values[k.Attribute] = v
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func testServer() tfprotov6.ProviderServer { return providerserver.NewProtocol6(testProvider{})() }

func TestFrameworkPlansDefaultAllowedEndpointsInsideProxy(t *testing.T) {
	ctx := context.Background()
	for _, k := range Kinds() {
		config := resourceConfig(t, k, kindObject(t, k, map[string]attr.Value{proxyAttribute: proxyObject(t, k, map[string]attr.Value{
			proxyURLAttribute: types.StringValue("http://backend:8080"),
		})}))
		nullState, err := tfprotov6.NewDynamicValue(testSchema().Type().TerraformType(ctx), tftypes.NewValue(testSchema().Type().TerraformType(ctx), nil))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := testServer().PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: "test_datasource", PriorState: &nullState, ProposedNewState: config, Config: config,
		})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatalf("%s: PlanResourceChange: %v %v", k.Attribute, err, resp.Diagnostics)
		}
		planned, err := resp.PlannedState.Unmarshal(testSchema().Type().TerraformType(ctx))
		if err != nil {
			t.Fatal(err)
		}
		endpointsPath := tftypes.NewAttributePath().WithAttributeName(k.Attribute).
			WithAttributeName(proxyAttribute).WithAttributeName(allowedEndpointsAttribute)
		got, _, err := tftypes.WalkAttributePath(planned, endpointsPath)
		if err != nil {
			t.Fatal(err)
		}
		want, err := endpoints(k.DefaultAllowedEndpoints...).ToTerraformValue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if gotValue, ok := got.(tftypes.Value); !ok || !gotValue.Equal(want) {
			t.Errorf("%s: planned allowed_endpoints %v, want %v", k.Attribute, got, want)
		}
	}
}

func TestFrameworkRunsNestedValidators(t *testing.T) {
	config := resourceConfig(t, prometheus, kindObject(t, prometheus, map[string]attr.Value{
		proxyAttribute: proxyObject(t, prometheus, map[string]attr.Value{
			proxyURLAttribute:         types.StringValue("prometheus:9090"),
			allowedEndpointsAttribute: endpoints(Endpoint{Pattern: "/api/v1/query", Method: "get"}),
		}),
		"scrape_interval": types.StringValue("15"),
	}))
	checkValidateDiagnostics(t, config, map[string]string{
		`AttributeName("prometheus").AttributeName("proxy").AttributeName("url")`:                                                        "Invalid URL",
		`AttributeName("prometheus").AttributeName("scrape_interval")`:                                                                   "Invalid Duration",
		`AttributeName("prometheus").AttributeName("proxy").AttributeName("allowed_endpoints").ElementKeyInt(0).AttributeName("method")`: "Invalid HTTP Method",
	})
}

// The framework skips the nested attributes' validators once the object's own validator has
// reported an error: the user sees the direct_url/proxy conflict first, the rest once it is fixed.
func TestFrameworkReportsAccessConflictFirst(t *testing.T) {
	config := resourceConfig(t, prometheus, kindObject(t, prometheus, map[string]attr.Value{
		directURLAttribute: types.StringValue("https://prometheus.example.com"),
		proxyAttribute: proxyObject(t, prometheus, map[string]attr.Value{
			proxyURLAttribute: types.StringValue("prometheus:9090"),
		}),
	}))
	checkValidateDiagnostics(t, config, map[string]string{`AttributeName("prometheus")`: "Conflicting Datasource Access"})
}

// checkValidateDiagnostics validates config and checks the summary of each diagnostic by path.
func checkValidateDiagnostics(t *testing.T, config *tfprotov6.DynamicValue, want map[string]string) {
	t.Helper()
	resp, err := testServer().ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{
		TypeName: "test_datasource", Config: config,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range resp.Diagnostics {
		got[d.Attribute.String()] = d.Summary
	}
	if len(got) != len(want) || len(resp.Diagnostics) != len(want) {
		t.Errorf("diagnostics %v, want %v", got, want)
	}
	for at, summary := range want {
		if got[at] != summary {
			t.Errorf("at %s: %q, want %q", at, got[at], summary)
		}
	}
}
