package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

var (
	_ resource.ResourceWithConfigure   = (*roleResource)(nil)
	_ resource.ResourceWithIdentity    = (*roleResource)(nil)
	_ resource.ResourceWithImportState = (*roleResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*roleResource)(nil)
)

// NewRoleResource returns perses_role (a Role of one project).
func NewRoleResource() resource.Resource {
	return &roleResource{scopedResource{scope: projectRoleScope}}
}

// NewGlobalRoleResource returns perses_global_role.
func NewGlobalRoleResource() resource.Resource {
	return &roleResource{scopedResource{scope: globalRoleScope}}
}

// roleResource is both role resources: they differ only by scope.
type roleResource struct{ scopedResource }

func (r *roleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = roleResourceSchema(r.scope)
}

// writes is the write decision of the role resources (see writeRule): they send the permissions.
func (r *roleResource) writes() writeRule {
	return writeRule{
		scope: r.scope,
		wire: func(ctx context.Context, data wholeGetter) (any, bool, diag.Diagnostics) {
			if !knownExcept(ctx, data, "id") {
				return nil, false, nil
			}
			m, diags := getRoleModel(ctx, data)
			return m.role(r.scope).Spec, !diags.HasError(), diags
		},
	}
}

// ModifyPlan makes the ID known, tells the binding checks of this run that the role will exist,
// checks that a created role's name is free, and decides what the apply writes.
func (r *roleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer r.data.track()()
	if req.Plan.Raw.IsNull() {
		return
	}
	project, name, diags := r.scope.identityIn(ctx, req.Plan)
	resp.Diagnostics.Append(diags...)
	var p, n types.String
	resp.Plan.GetAttribute(ctx, path.Root("name"), &n)
	if r.scope.project {
		resp.Plan.GetAttribute(ctx, path.Root("project"), &p)
	}
	if diags.HasError() || n.IsUnknown() || p.IsUnknown() {
		return
	}
	if r.data != nil {
		r.data.planned.recordRole(r.scope.projectOf(project), name)
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringValue(r.scope.id(project, name)))...)
	if !req.State.Raw.IsNull() {
		r.writes().planUpdate(ctx, r.data, req, resp)
		return
	}
	if d := checkAuthEnabled(ctx, r.data, r.scope); d.HasError() {
		resp.Diagnostics.Append(d...)
		return
	}
	resp.Diagnostics.Append(checkNameFree(ctx, r.data, r.scope, project, name)...)
}

func (r *roleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.data.track()()
	resp.Diagnostics.Append(r.write(ctx, "Create", req.Plan, &resp.State, resp.Identity)...)
}

func (r *roleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.data.track()()
	r.writes().applyUpdate(ctx, req, resp, func() diag.Diagnostics {
		return r.write(ctx, "Update", req.Plan, &resp.State, resp.Identity)
	})
}

// write sends the planned role and stores what Perses answered.
func (r *roleResource) write(ctx context.Context, op string, plan tfsdk.Plan, state *tfsdk.State, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
	c, diags := r.data.requireClient()
	if diags.HasError() {
		return diags
	}
	m, d := getRoleModel(ctx, plan)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	send := c.UpdateRole
	if op == "Create" {
		send = c.CreateRole
	}
	written, err := send(ctx, m.role(r.scope))
	if err != nil {
		diags.Append(rbacAPIError(r.scope, op, m.Project.ValueString(), m.Name.ValueString(), err))
		return diags
	}
	m.readFrom(written, r.scope)
	diags.Append(m.setState(ctx, state, r.scope)...)
	diags.Append(r.scope.setIdentity(ctx, identity, written.Metadata.Project, written.Metadata.Name)...)
	return diags
}

func (r *roleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.data.track()()
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	m, d := getRoleModel(ctx, req.State)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	got, err := c.GetRole(ctx, r.scope.projectOf(m.Project.ValueString()), m.Name.ValueString())
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

func (r *roleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	defer r.data.track()()
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	m, d := getRoleModel(ctx, req.State)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := c.DeleteRole(ctx, r.scope.projectOf(m.Project.ValueString()), m.Name.ValueString())
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.Append(rbacAPIError(r.scope, "Delete", m.Project.ValueString(), m.Name.ValueString(), err))
	}
}

func (r *roleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	defer r.data.track()()
	importByID(ctx, r.scope, req, resp)
}

// isDefaultProjectRole says whether Perses creates a role of that name with every project.
func isDefaultProjectRole(s scope, name string) bool {
	return s.project && s.object == roleObject && slices.Contains(defaultProjectRoles, strings.ToLower(name))
}

// alreadyExists is the diagnostic of a role, binding or user that exists on the server while the
// configuration creates it: import it. Perses makes the roles owner, editor and viewer, and the
// binding owner, with every project it creates while auth is on.
func alreadyExists(s scope, project, name string) (problem, fix string) {
	id := s.id(project, name)
	problem = fmt.Sprintf("%s already exists on the Perses server.", titleCase(s.describe(project, name)))
	if isDefaultProjectRole(s, name) || (s.project && s.object == roleBindingObject && strings.EqualFold(name, "owner")) {
		problem += fmt.Sprintf(" Perses creates the roles %q, %q and %q, and a role binding %q of the project's creator, in every project it creates while auth is on.",
			defaultProjectRoles[0], defaultProjectRoles[1], defaultProjectRoles[2], "owner")
	}
	fix = fmt.Sprintf("Import it to manage it: terraform import %s.<name> %s, or an import block { to = %s.<name>, id = %q }; or choose another name.",
		s.typeName(), id, s.typeName(), id)
	return problem, fix
}

// rbacAPIError is scopedAPIError, with the conflict of a role or binding that exists saying to import it.
func rbacAPIError(s scope, op, project, name string, err error) diag.Diagnostic {
	if errors.Is(err, client.ErrConflict) {
		problem, fix := alreadyExists(s, project, name)
		return diagnostics.Error(fmt.Sprintf("Cannot %s Perses %s", op, titleWords(s.objectName())), problem, fix, err)
	}
	return scopedAPIError(s, op, project, name, err)
}

// checkNameFree: creating a role, binding or user that exists fails at apply with 409; the plan says so
// first, and how to import it. A project that does not exist yet holds nothing; a refused read
// skips the check with a warning.
func checkNameFree(ctx context.Context, data *providerData, s scope, project, name string) diag.Diagnostics {
	var diags diag.Diagnostics
	if data == nil || data.client == nil {
		return diags
	}
	var err error
	switch s.object {
	case roleObject:
		_, err = data.client.GetRole(ctx, s.projectOf(project), name)
	case userObject:
		_, err = data.client.GetUser(ctx, name)
	default:
		_, err = data.client.GetRoleBinding(ctx, s.projectOf(project), name)
	}
	switch {
	case errors.Is(err, client.ErrNotFound):
		if isDefaultProjectRole(s, name) && errors.Is(err, client.ErrProjectNotFound) {
			diags.Append(diagnostics.AttributeWarning(path.Root("name"), "Role Name Perses Creates With the Project",
				fmt.Sprintf("Project %q does not exist yet, and with auth on Perses creates a role %q in every new project: creating %s after the project then fails with \"already exists\".",
					project, strings.ToLower(name), s.describe(project, name)),
				fmt.Sprintf("Choose another name, or apply the project first and then import the role (terraform import %s.<name> %s).", s.typeName(), s.id(project, name))))
		}
		return diags
	case isForbidden(err):
		diags.Append(skippedCheckWarning(titleWords(s.objectName())+" Name Check", fmt.Sprintf("that %s does not exist yet", s.describe(project, name)), s, "Read", project, err))
		return diags
	case err != nil:
		diags.Append(diagnostics.Error(fmt.Sprintf("Cannot Check Perses %s", titleWords(s.objectName())), fmt.Sprintf("Reading %s failed.", s.describe(project, name)),
			"Check the provider url and credentials, then plan again.", err))
		return diags
	}
	problem, fix := alreadyExists(s, project, name)
	diags.Append(diagnostics.AttributeError(path.Root("name"), titleWords(s.objectName())+" Already Exists", problem, fix))
	return diags
}
