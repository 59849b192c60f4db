package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// scopedResource is what every resource shares: its scope (which sets the type name) and the
// provider data.
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

// importByID is the import of every resource, by ID (terraform import, import blocks with id) or
// by identity (import blocks with identity, Terraform 1.12+): the identity comes from it as
// written, and Read fills in the rest. Keeping the given spelling lets a configuration that writes
// the name with capitals adopt an object from a server that lowercased it: the plan then keeps the
// stored spelling (see writeRule). It reports whether the import had what it needs.
func importByID(ctx context.Context, s scope, req resource.ImportStateRequest, resp *resource.ImportStateResponse) bool {
	var project, name string
	if req.ID == "" && req.Identity != nil {
		var diags diag.Diagnostics
		project, name, diags = s.identityFrom(ctx, req.Identity)
		resp.Diagnostics.Append(diags...)
		if diags.HasError() {
			return false
		}
	} else {
		var ok bool
		if project, name, ok = s.parseImportID(req.ID); !ok {
			resp.Diagnostics.Append(diagnostics.Error("Invalid Import ID",
				fmt.Sprintf("%q is not a %s import ID.", req.ID, s.noun()),
				fmt.Sprintf("Write it as %s, e.g. terraform import %s.example %s.", s.importIDFormat(), s.typeName(), s.exampleID()), nil))
			return false
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	if s.project {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("project"), project)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), s.id(project, name))...)
	resp.Diagnostics.Append(s.setIdentity(ctx, resp.Identity, project, name)...)
	return !resp.Diagnostics.HasError()
}
