package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/client"
)

var (
	_ resource.ResourceWithConfigure   = (*roleBindingResource)(nil)
	_ resource.ResourceWithIdentity    = (*roleBindingResource)(nil)
	_ resource.ResourceWithImportState = (*roleBindingResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*roleBindingResource)(nil)
)

// NewRoleBindingResource returns perses_role_binding (a RoleBinding of one project).
func NewRoleBindingResource() resource.Resource {
	return &roleBindingResource{scopedResource{scope: projectRoleBindingScope}}
}

// NewGlobalRoleBindingResource returns perses_global_role_binding.
func NewGlobalRoleBindingResource() resource.Resource {
	return &roleBindingResource{scopedResource{scope: globalRoleBindingScope}}
}

// roleBindingResource is both role binding resources: they differ only by scope.
type roleBindingResource struct{ scopedResource }

func (r *roleBindingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = roleBindingResourceSchema(r.scope)
}

// writes is the write decision of the role binding resources (see writeRule): they send the role and subjects.
func (r *roleBindingResource) writes() writeRule {
	return writeRule{
		scope: r.scope,
		wire: func(ctx context.Context, data wholeGetter) (any, bool, diag.Diagnostics) {
			if !knownExcept(ctx, data, "id") {
				return nil, false, nil
			}
			m, diags := getRoleBindingModel(ctx, data)
			return m.binding(r.scope).Spec, !diags.HasError(), diags
		},
	}
}

// ModifyPlan makes the ID known, checks that a created binding's name is free, decides what the
// apply writes and, when it writes, checks the role and the users the binding names (see
// checkReferences): Perses stores a binding to a missing role or user without a word.
func (r *roleBindingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer r.data.track()()
	if req.Plan.Raw.IsNull() {
		return
	}
	var p, n types.String
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("name"), &n)...)
	if r.scope.project {
		resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("project"), &p)...)
	}
	if resp.Diagnostics.HasError() || n.IsUnknown() || p.IsUnknown() {
		return
	}
	project, name := p.ValueString(), n.ValueString()
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringValue(r.scope.id(project, name)))...)
	if req.State.Raw.IsNull() {
		if d := checkAuthEnabled(ctx, r.data, r.scope); d.HasError() {
			resp.Diagnostics.Append(d...)
			return
		}
		resp.Diagnostics.Append(checkNameFree(ctx, r.data, r.scope, project, name)...)
	} else if r.writes().planUpdate(ctx, r.data, req, resp) == planNoWrite {
		return
	}
	if resp.Diagnostics.HasError() || !knownExcept(ctx, &resp.Plan, "id") {
		return
	}
	m, diags := getRoleBindingModel(ctx, &resp.Plan)
	resp.Diagnostics.Append(diags...)
	if !diags.HasError() {
		resp.Diagnostics.Append(r.checkReferences(ctx, m)...)
	}
}

func (r *roleBindingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.data.track()()
	resp.Diagnostics.Append(r.write(ctx, "Create", req.Plan, &resp.State, resp.Identity)...)
}

func (r *roleBindingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.data.track()()
	r.writes().applyUpdate(ctx, req, resp, func() diag.Diagnostics {
		return r.write(ctx, "Update", req.Plan, &resp.State, resp.Identity)
	})
}

// write sends the planned binding and stores what Perses answered.
func (r *roleBindingResource) write(ctx context.Context, op string, plan tfsdk.Plan, state *tfsdk.State, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
	c, diags := r.data.requireClient()
	if diags.HasError() {
		return diags
	}
	m, d := getRoleBindingModel(ctx, plan)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	send := c.UpdateRoleBinding
	if op == "Create" {
		send = c.CreateRoleBinding
	}
	written, err := send(ctx, m.binding(r.scope))
	if err != nil {
		diags.Append(rbacAPIError(r.scope, op, m.Project.ValueString(), m.Name.ValueString(), err))
		return diags
	}
	m.readFrom(written, r.scope)
	diags.Append(m.setState(ctx, state, r.scope)...)
	diags.Append(r.scope.setIdentity(ctx, identity, written.Metadata.Project, written.Metadata.Name)...)
	return diags
}

func (r *roleBindingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.data.track()()
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	m, d := getRoleBindingModel(ctx, req.State)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	got, err := c.GetRoleBinding(ctx, r.scope.projectOf(m.Project.ValueString()), m.Name.ValueString())
	if errors.Is(err, client.ErrNotFound) {
		r.scope.removeGone(ctx, resp, m.Project.ValueString(), m.Name.ValueString())
		return
	}
	if err != nil {
		resp.Diagnostics.Append(rbacAPIError(r.scope, "Read", m.Project.ValueString(), m.Name.ValueString(), err))
		return
	}
	m.readFrom(got, r.scope)
	resp.Diagnostics.Append(m.setState(ctx, &resp.State, r.scope)...)
	resp.Diagnostics.Append(r.scope.setIdentity(ctx, resp.Identity, got.Metadata.Project, got.Metadata.Name)...)
}

func (r *roleBindingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	defer r.data.track()()
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	m, d := getRoleBindingModel(ctx, req.State)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := c.DeleteRoleBinding(ctx, r.scope.projectOf(m.Project.ValueString()), m.Name.ValueString())
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.Append(rbacAPIError(r.scope, "Delete", m.Project.ValueString(), m.Name.ValueString(), err))
	}
}

func (r *roleBindingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	defer r.data.track()()
	importByID(ctx, r.scope, req, resp)
}
