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
	_ resource.ResourceWithConfigure      = (*userResource)(nil)
	_ resource.ResourceWithIdentity       = (*userResource)(nil)
	_ resource.ResourceWithImportState    = (*userResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*userResource)(nil)
	_ resource.ResourceWithValidateConfig = (*userResource)(nil)
)

// NewUserResource returns perses_user.
func NewUserResource() resource.Resource {
	return &userResource{scopedResource{scope: usersScope}}
}

// userResource is perses_user: a native Perses user.
type userResource struct{ scopedResource }

func (r *userResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = userResourceSchema()
}

func (r *userResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	resp.Diagnostics.Append(validateSecretValue(ctx, req.Config, userPassword)...)
}

// writes is the write decision of perses_user (see writeRule): it sends the names and the
// password, a write-only one counting through its version. Perses bumps version on every write.
func (r *userResource) writes() writeRule {
	return writeRule{
		scope:    r.scope,
		computed: []string{"version"},
		wire: func(ctx context.Context, data wholeGetter) (any, bool, diag.Diagnostics) {
			if !knownExcept(ctx, data, "id", "version") {
				return nil, false, nil
			}
			m, diags := getUserModel(ctx, data)
			return m.comparable(), !diags.HasError(), diags
		},
	}
}

// ModifyPlan makes the ID known, tells the binding checks of this run that the user will exist,
// checks that a created user's name is free on a server with auth on, and decides what the apply
// writes.
func (r *userResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer r.data.track()()
	if req.Plan.Raw.IsNull() {
		return
	}
	var name types.String
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("name"), &name)...)
	if resp.Diagnostics.HasError() || name.IsUnknown() {
		return
	}
	if r.data != nil {
		r.data.planned.recordUser(name.ValueString())
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), name)...)
	if !req.State.Raw.IsNull() {
		if r.writes().planUpdate(ctx, r.data, req, resp) == planWrite {
			resp.Diagnostics.Append(r.planClearedNames(ctx, req.State, resp)...)
		}
		return
	}
	if d := checkAuthEnabled(ctx, r.data, r.scope); d.HasError() {
		resp.Diagnostics.Append(d...)
		return
	}
	if d := checkSignUpEnabled(ctx, r.data, name.ValueString()); d.HasError() {
		resp.Diagnostics.Append(d...)
		return
	}
	if r.data == nil || !r.data.planned.replacingUser(name.ValueString()) {
		resp.Diagnostics.Append(checkNameFree(ctx, r.data, r.scope, "", name.ValueString())...)
	}
}

// planClearedNames replaces a user whose first or last name the plan removes: Perses keeps a name
// an update leaves empty. The create of the replacement, which Terraform plans next with no prior
// state, then knows the user it finds on the server is the one being replaced.
func (r *userResource) planClearedNames(ctx context.Context, state tfsdk.State, resp *resource.ModifyPlanResponse) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, attribute := range []string{"first_name", "last_name"} {
		var stored, planned types.String
		diags.Append(state.GetAttribute(ctx, path.Root(attribute), &stored)...)
		diags.Append(resp.Plan.GetAttribute(ctx, path.Root(attribute), &planned)...)
		if !stored.IsNull() && planned.IsNull() {
			resp.RequiresReplace.Append(path.Root(attribute))
		}
	}
	if len(resp.RequiresReplace) > 0 && r.data != nil {
		var name types.String
		diags.Append(resp.Plan.GetAttribute(ctx, path.Root("name"), &name)...)
		r.data.planned.recordReplacedUser(name.ValueString())
	}
	return diags
}

func (r *userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.data.track()()
	resp.Diagnostics.Append(r.write(ctx, "Create", req.Plan, req.Config, &resp.State, resp.Identity)...)
}

// Update sends the password again with the names, whatever changed: the configuration is what
// the user's password is.
func (r *userResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.data.track()()
	r.writes().applyUpdate(ctx, req, resp, func() diag.Diagnostics {
		return r.write(ctx, "Update", req.Plan, req.Config, &resp.State, resp.Identity)
	})
}

// write sends the planned user and stores what Perses answered. The write-only password comes
// from the configuration, the only place Terraform has it.
func (r *userResource) write(ctx context.Context, op string, plan tfsdk.Plan, config tfsdk.Config, state *tfsdk.State, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
	c, diags := r.data.requireClient()
	if diags.HasError() {
		return diags
	}
	m, d := getUserModel(ctx, plan)
	diags.Append(d...)
	cfg, d := getUserModel(ctx, config)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	m.PasswordWO = cfg.PasswordWO
	send := c.UpdateUser
	if op == "Create" {
		send = c.CreateUser
	}
	written, err := send(ctx, m.user())
	if err != nil {
		diags.Append(rbacAPIError(r.scope, op, "", m.Name.ValueString(), err))
		return diags
	}
	m.readFrom(written, false)
	diags.Append(m.setState(ctx, state)...)
	diags.Append(r.scope.setIdentity(ctx, identity, "", written.Metadata.Name)...)
	return diags
}

func (r *userResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.data.track()()
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	m, d := getUserModel(ctx, req.State)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	got, err := c.GetUser(ctx, m.Name.ValueString())
	if errors.Is(err, client.ErrNotFound) {
		r.scope.removeGone(ctx, resp, "", m.Name.ValueString())
		return
	}
	if err != nil {
		resp.Diagnostics.Append(rbacAPIError(r.scope, "Read", "", m.Name.ValueString(), err))
		return
	}
	if len(got.Spec.OauthProviders) > 0 {
		resp.Diagnostics.Append(externalUserError(got))
		return
	}
	m.readFrom(got, true)
	resp.Diagnostics.Append(m.setState(ctx, &resp.State)...)
	resp.Diagnostics.Append(r.scope.setIdentity(ctx, resp.Identity, "", got.Metadata.Name)...)
}

// externalUserError refuses to manage a user an OIDC or OAuth provider made: it has no password,
// and a write of perses_user (which sends one) would make it a native user and drop its link to
// the provider (see client.UpdateUser).
func externalUserError(u *v1.User) diag.Diagnostic {
	issuers := make([]string, 0, len(u.Spec.OauthProviders))
	for _, p := range u.Spec.OauthProviders {
		issuers = append(issuers, p.Issuer)
	}
	return diagnostics.Error("User Logs In Through OIDC or OAuth",
		fmt.Sprintf("User %q on the Perses server logs in through an OIDC or OAuth provider (issuer %s), which created it at its first login; it has no password. "+
			"perses_user manages native users: applying it would send a password, and Perses would then make %q a native user and drop its link to the provider.",
			u.Metadata.Name, externalList(issuers), u.Metadata.Name),
		fmt.Sprintf("Do not manage this user with perses_user: remove the resource or its import block (terraform state rm perses_user.<name> if it is in the state). "+
			"Bind it by name in role bindings (subjects = [{ name = %q }]), and read it with the perses_user data source.", u.Metadata.Name), nil)
}

func (r *userResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	defer r.data.track()()
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	m, d := getUserModel(ctx, req.State)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := c.DeleteUser(ctx, m.Name.ValueString())
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.Append(rbacAPIError(r.scope, "Delete", "", m.Name.ValueString(), err))
	}
}

// ImportState takes the user's name only (see importByID): Perses never gives the password back,
// so it comes from the configuration at the next apply (the plan shows an update).
func (r *userResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	defer r.data.track()()
	importByID(ctx, r.scope, req, resp)
}
