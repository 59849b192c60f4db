package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// userModel holds a perses_user. PasswordWO is null in plans and states: it is only read from
// the configuration.
type userModel struct {
	ID                types.String `tfsdk:"id"`
	Name              types.String `tfsdk:"name"`
	FirstName         types.String `tfsdk:"first_name"`
	LastName          types.String `tfsdk:"last_name"`
	Version           types.Int64  `tfsdk:"version"`
	Password          types.String `tfsdk:"password"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
}

func (m *userModel) forms() valueForms {
	return valueForms{&m.Password, &m.PasswordWO, &m.PasswordWOVersion}
}

func getUserModel(ctx context.Context, data wholeGetter) (userModel, diag.Diagnostics) {
	var m userModel
	_, diags := getModel(ctx, data, &m)
	return m, diags
}

func (m *userModel) setState(ctx context.Context, st *tfsdk.State) diag.Diagnostics {
	return setModel(ctx, st, st.Schema.Type(), m, nil)
}

// user builds the Perses object to create or update, the password in clear.
func (m *userModel) user() *v1.User {
	return &v1.User{Kind: v1.KindUser, Metadata: v1.Metadata{Name: m.Name.ValueString()}, Spec: v1.UserSpec{
		FirstName: m.FirstName.ValueString(), LastName: m.LastName.ValueString(),
		NativeProvider: v1.NativeProvider{Password: m.forms().send()},
	}}
}

// comparable is the spec the write rule compares: what the apply sends, with a write-only
// password standing for its version.
func (m userModel) comparable() v1.UserSpec {
	m.forms().standIn()
	return m.user().Spec
}

// readFrom fills the model from what Perses answered, the model itself being the prior state (or
// plan). The password comes back masked: see valueForms.readFrom. rewriteCheck compares the
// version Perses answers with the prior one: a difference after a refresh means someone else
// wrote the user (its password, maybe).
func (m *userModel) readFrom(u *v1.User, rewriteCheck bool) {
	m.Name = keepSpelling(m.Name, u.Metadata.Name)
	m.ID = types.StringValue(m.Name.ValueString())
	rewritten := rewriteCheck && !m.Version.IsNull() && !m.Version.IsUnknown() && m.Version.ValueInt64() != int64(u.Metadata.Version)
	m.Version = types.Int64Value(int64(u.Metadata.Version))
	m.FirstName, m.LastName = optionalString(u.Spec.FirstName), optionalString(u.Spec.LastName)
	prior := *m
	m.forms().readFrom(prior.forms(), u.Spec.NativeProvider.Password != "", rewritten)
}
