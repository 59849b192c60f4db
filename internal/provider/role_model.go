package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/perses/pkg/model/api/v1/role"
)

// roleModel holds a perses_role or perses_global_role.
type roleModel struct {
	ID          types.String          `tfsdk:"id"`
	Name        types.String          `tfsdk:"name"`
	Permissions []rolePermissionModel `tfsdk:"permissions"`
	// Project is null in the global scope, whose schema has no project attribute.
	Project types.String `tfsdk:"-"`
}

type rolePermissionModel struct {
	Actions []types.String `tfsdk:"actions"`
	Scopes  []types.String `tfsdk:"scopes"`
}

func getRoleModel(ctx context.Context, data wholeGetter) (roleModel, diag.Diagnostics) {
	var m roleModel
	extras, diags := getModel(ctx, data, &m, "project")
	m.Project = types.StringNull()
	if v, ok := extras["project"].(types.String); ok {
		m.Project = v
	}
	return m, diags
}

func (m *roleModel) set(ctx context.Context, st wholeSetter, typ attr.Type, s scope) diag.Diagnostics {
	extras := map[string]attr.Value{}
	if s.project {
		extras["project"] = m.Project
	}
	return setModel(ctx, st, typ, m, extras)
}

func (m *roleModel) setState(ctx context.Context, st *tfsdk.State, s scope) diag.Diagnostics {
	return m.set(ctx, st, st.Schema.Type(), s)
}

// role builds the Perses object to create or update. Perses reads actions and scopes
// case-insensitively; the validators already made them its exact spelling.
func (m *roleModel) role(s scope) *v1.Role {
	out := &v1.Role{Kind: v1.KindRole, Metadata: *v1.NewProjectMetadata(s.projectOf(m.Project.ValueString()), m.Name.ValueString())}
	out.Spec.Permissions = make([]role.Permission, 0, len(m.Permissions))
	for _, p := range m.Permissions {
		perm := role.Permission{Actions: make([]role.Action, 0, len(p.Actions)), Scopes: make([]role.Scope, 0, len(p.Scopes))}
		for _, a := range p.Actions {
			perm.Actions = append(perm.Actions, role.Action(a.ValueString()))
		}
		for _, sc := range p.Scopes {
			perm.Scopes = append(perm.Scopes, role.Scope(sc.ValueString()))
		}
		out.Spec.Permissions = append(out.Spec.Permissions, perm)
	}
	return out
}

// readFrom takes what Perses holds, keeping the configuration's spelling of the identity when the
// server's differs only in letter case (see keepSpelling).
func (m *roleModel) readFrom(r *v1.Role, s scope) {
	m.Name = keepSpelling(m.Name, r.Metadata.Name)
	if s.project {
		m.Project = keepSpelling(m.Project, r.Metadata.Project)
	}
	m.ID = types.StringValue(s.id(m.Project.ValueString(), m.Name.ValueString()))
	m.Permissions = make([]rolePermissionModel, 0, len(r.Spec.Permissions))
	for _, p := range r.Spec.Permissions {
		perm := rolePermissionModel{Actions: make([]types.String, 0, len(p.Actions)), Scopes: make([]types.String, 0, len(p.Scopes))}
		for _, a := range p.Actions {
			perm.Actions = append(perm.Actions, types.StringValue(string(a)))
		}
		for _, sc := range p.Scopes {
			perm.Scopes = append(perm.Scopes, types.StringValue(string(sc)))
		}
		m.Permissions = append(m.Permissions, perm)
	}
}
