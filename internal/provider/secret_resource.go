package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

var (
	_ resource.ResourceWithConfigure      = (*secretResource)(nil)
	_ resource.ResourceWithImportState    = (*secretResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*secretResource)(nil)
	_ resource.ResourceWithValidateConfig = (*secretResource)(nil)
)

// NewGlobalSecretResource returns perses_global_secret.
func NewGlobalSecretResource() resource.Resource {
	return &secretResource{scopedResource{scope: globalSecretScope}}
}

// NewProjectSecretResource returns perses_project_secret.
func NewProjectSecretResource() resource.Resource {
	return &secretResource{scopedResource{scope: projectSecretScope}}
}

// secretResource is both secret resources: they differ only by scope.
type secretResource struct{ scopedResource }

func (r *secretResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = secretResourceSchema(r.scope)
}

func (r *secretResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	resp.Diagnostics.Append(validateSecretConfig(ctx, req.Config)...)
}

// ModifyPlan makes the ID known at plan time (a change of the name's letter case is an update
// in place, after which the ID must be the one planned), and tells the datasource checks of
// this run that the secret will exist (a datasource's proxy.secret may name it).
func (r *secretResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var name, project types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("name"), &name)...)
	if r.scope.project {
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("project"), &project)...)
	}
	if resp.Diagnostics.HasError() || name.IsUnknown() || project.IsUnknown() {
		return
	}
	if r.data != nil && r.data.planned != nil {
		r.data.planned.recordSecret(project.ValueString(), name.ValueString())
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringValue(r.scope.id(project.ValueString(), name.ValueString())))...)
}

func (r *secretResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	if !diags.HasError() {
		resp.Diagnostics.Append(r.write(ctx, "Create", req.Plan, req.Config, &resp.State, c.CreateSecret)...)
	}
}

// write sends the planned secret with call (create or update) and stores what Perses answered.
// The write-only values come from the configuration, the only place Terraform has them.
func (r *secretResource) write(ctx context.Context, op string, plan tfsdk.Plan, config tfsdk.Config, state *tfsdk.State,
	call func(context.Context, *v1.Secret) (*v1.Secret, error)) diag.Diagnostics {
	m, diags := getSecretModel(ctx, plan, r.scope)
	cfg, d := getSecretModel(ctx, config, r.scope)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	m.withWriteOnlyFrom(cfg)
	s, d := m.secret(ctx, r.scope)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	written, err := call(ctx, s)
	if err != nil {
		diags.Append(scopedAPIError(r.scope, op, m.Project.ValueString(), m.Name.ValueString(), err))
		return diags
	}
	diags.Append(m.readFrom(written, r.scope, false)...)
	diags.Append(m.set(ctx, state, r.scope)...)
	return diags
}

func (r *secretResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	state, d := getSecretModel(ctx, req.State, r.scope)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, err := c.GetSecret(ctx, state.Project.ValueString(), state.Name.ValueString())
	if errors.Is(err, client.ErrNotFound) {
		// Deleted outside Terraform (or its project was): plan to create it again.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(scopedAPIError(r.scope, "Read", state.Project.ValueString(), state.Name.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(state.readFrom(s, r.scope, true)...)
	resp.Diagnostics.Append(state.set(ctx, &resp.State, r.scope)...)
}

// Update sends every value again, write-only ones included: Perses keeps nothing of the old spec.
func (r *secretResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	if !diags.HasError() {
		resp.Diagnostics.Append(r.write(ctx, "Update", req.Plan, req.Config, &resp.State, c.UpdateSecret)...)
	}
}

func (r *secretResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	state, d := getSecretModel(ctx, req.State, r.scope)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := c.DeleteSecret(ctx, state.Project.ValueString(), state.Name.ValueString())
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.Append(scopedAPIError(r.scope, "Delete", state.Project.ValueString(), state.Name.ValueString(), err))
	}
}

// ImportState takes the secret's identity only: Perses never gives its values back, so they
// come from the configuration at the next apply (the plan shows them as changes).
func (r *secretResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	project, name, ok := r.scope.parseImportID(req.ID)
	if !ok {
		resp.Diagnostics.Append(diagnostics.Error("Invalid Import ID",
			fmt.Sprintf("%q is not a %s import ID.", req.ID, r.scope.noun()),
			fmt.Sprintf("Write it as %s, e.g. terraform import perses_%s.example %s.", r.scope.importIDFormat(), r.scope.typeSuffix(), r.scope.id(exampleProjectName, exampleSecretName)), nil))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	if r.scope.project {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("project"), project)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
