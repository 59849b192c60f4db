package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// scopedResource is what every resource that exists in a global and a project form shares: its
// scope (which sets the type name) and the provider data.
type scopedResource struct {
	scope scope
	data  *providerData
}

func (r *scopedResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.scope.typeSuffix()
}

func (r *scopedResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}
