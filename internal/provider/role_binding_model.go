package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// roleBindingModel holds a perses_role_binding or perses_global_role_binding.
type roleBindingModel struct {
	ID       types.String   `tfsdk:"id"`
	Name     types.String   `tfsdk:"name"`
	Role     types.String   `tfsdk:"role"`
	Subjects []subjectModel `tfsdk:"subjects"`
	// Project is null in the global scope, whose schema has no project attribute.
	Project types.String `tfsdk:"-"`
}

type subjectModel struct {
	Kind types.String `tfsdk:"kind"`
	Name types.String `tfsdk:"name"`
}

func getRoleBindingModel(ctx context.Context, data wholeGetter) (roleBindingModel, diag.Diagnostics) {
	var m roleBindingModel
	extras, diags := getModel(ctx, data, &m, "project")
	m.Project = types.StringNull()
	if v, ok := extras["project"].(types.String); ok {
		m.Project = v
	}
	return m, diags
}

func (m *roleBindingModel) set(ctx context.Context, st wholeSetter, typ attr.Type, s scope) diag.Diagnostics {
	extras := map[string]attr.Value{}
	if s.project {
		extras["project"] = m.Project
	}
	return setModel(ctx, st, typ, m, extras)
}

func (m *roleBindingModel) setState(ctx context.Context, st *tfsdk.State, s scope) diag.Diagnostics {
	return m.set(ctx, st, st.Schema.Type(), s)
}

// binding builds the Perses object to create or update.
func (m *roleBindingModel) binding(s scope) *v1.RoleBinding {
	out := &v1.RoleBinding{Kind: v1.KindRoleBinding, Metadata: *v1.NewProjectMetadata(s.projectOf(m.Project.ValueString()), m.Name.ValueString())}
	out.Spec.Role = m.Role.ValueString()
	out.Spec.Subjects = make([]v1.Subject, 0, len(m.Subjects))
	for _, sub := range m.Subjects {
		out.Spec.Subjects = append(out.Spec.Subjects, v1.Subject{Kind: v1.Kind(sub.Kind.ValueString()), Name: sub.Name.ValueString()})
	}
	return out
}

// readFrom takes what Perses holds (see roleModel.readFrom).
func (m *roleBindingModel) readFrom(b *v1.RoleBinding, s scope) {
	m.Name = keepSpelling(m.Name, b.Metadata.Name)
	if s.project {
		m.Project = keepSpelling(m.Project, b.Metadata.Project)
	}
	m.ID = types.StringValue(s.id(m.Project.ValueString(), m.Name.ValueString()))
	m.Role = types.StringValue(b.Spec.Role)
	m.Subjects = make([]subjectModel, 0, len(b.Spec.Subjects))
	for _, sub := range b.Spec.Subjects {
		m.Subjects = append(m.Subjects, subjectModel{Kind: types.StringValue(string(sub.Kind)), Name: types.StringValue(sub.Name)})
	}
}
