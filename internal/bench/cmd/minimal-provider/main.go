// Command minimal-provider is the smallest terraform-plugin-framework provider that can play the
// benchmark's steps: one resource of two strings, kept in the state only (no server, nothing read
// or checked). `make bench` measures it as a reference beside the terraform_data floor: what any
// plugin provider costs Terraform and OpenTofu (a process, four gRPC calls per resource and plan)
// before it does any work of its own.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Address is where the benchmark's configurations find it (source = "bench/minimal").
const Address = "registry.terraform.io/bench/minimal"

type minimalProvider struct{}

func (minimalProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "minimal"
}

func (minimalProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (minimalProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (minimalProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return thing{} }}
}

func (minimalProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// thing is minimal_thing: what the configuration says, stored as is.
type thing struct{}

type thingModel struct {
	Name types.String `tfsdk:"name"`
	URL  types.String `tfsdk:"url"`
}

func (thing) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "minimal_thing"
}

func (thing) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"name": schema.StringAttribute{Required: true},
		"url":  schema.StringAttribute{Required: true},
	}}
}

func (thing) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read keeps the prior state: there is nothing to refresh from.
func (thing) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (thing) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (thing) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return minimalProvider{} }, providerserver.ServeOpts{Address: Address})
	if err != nil {
		log.Fatal(err)
	}
}
