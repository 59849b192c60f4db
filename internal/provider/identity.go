package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// Resource identity (Terraform 1.12+, OpenTofu 1.12+): which Perses object a resource is, as the
// server stores it. It is the server's spelling (a server whose database is not case-sensitive
// answers "prom" for "Prom"), so it does not change with the configuration's letter case, and it
// is what a list resource (terraform query) returns for the same object. Older CLIs ignore it.

// identitySchema is the identity of the objects of a scope: the name, and the project of a project
// object; both are needed to import by identity.
func (s scope) identitySchema() identityschema.Schema {
	attrs := map[string]identityschema.Attribute{
		"name": identityschema.StringAttribute{RequiredForImport: true,
			Description: fmt.Sprintf("Name of the %s, as the Perses server stores it.", s.objectName())},
	}
	if s.project {
		attrs["project"] = identityschema.StringAttribute{RequiredForImport: true,
			Description: fmt.Sprintf("Project of the %s, as the Perses server stores it.", s.objectName())}
	}
	return identityschema.Schema{Attributes: attrs}
}

func (r *scopedResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = r.scope.identitySchema()
}

// setIdentity records the identity of the object the server answered with. identity is nil when
// the CLI has no identity support.
func (s scope) setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, project, name string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	diags := identity.SetAttribute(ctx, path.Root("name"), name)
	if s.project {
		diags.Append(identity.SetAttribute(ctx, path.Root("project"), project)...)
	}
	return diags
}

// identityFrom reads an identity given to import; ok is false (with an error naming what is
// missing) when it lacks a value.
func (s scope) identityFrom(ctx context.Context, identity *tfsdk.ResourceIdentity) (project, name string, diags diag.Diagnostics) {
	var n, p types.String
	diags.Append(identity.GetAttribute(ctx, path.Root("name"), &n)...)
	if s.project {
		diags.Append(identity.GetAttribute(ctx, path.Root("project"), &p)...)
	}
	if diags.HasError() {
		return "", "", diags
	}
	needs, example := "its name", fmt.Sprintf(`identity = { name = %q }`, "prometheus")
	if s.project {
		needs, example = "its project and name", fmt.Sprintf(`identity = { project = %q, name = %q }`, exampleProjectName, "prometheus")
	}
	if n.ValueString() == "" || (s.project && p.ValueString() == "") {
		diags.Append(diagnostics.Error("Incomplete Import Identity",
			fmt.Sprintf("Importing a %s by identity needs %s.", s.noun(), needs),
			"Write them in the import block, e.g. "+example+".", nil))
	}
	return p.ValueString(), n.ValueString(), diags
}

// removeGone drops from the state an object the server no longer holds (deleted outside
// Terraform, or with its project), so that the plan creates it again. The framework still wants
// an identity after such a read: a CLI that stores none (Terraform < 1.12) gets the state's.
func (s scope) removeGone(ctx context.Context, resp *resource.ReadResponse, project, name string) {
	if resp.Identity != nil && resp.Identity.Raw.IsFullyNull() {
		resp.Diagnostics.Append(s.setIdentity(ctx, resp.Identity, project, name)...)
	}
	resp.State.RemoveResource(ctx)
}
