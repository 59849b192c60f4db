package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
)

// The lists of roles and role bindings (see listObjects): every project's, for a project list
// without project, filtered by name prefix; each result filled by the resource's own readFrom.

func (s scope) listRoles(ctx context.Context, c *client.Client, f listFilter) ([]listedObject, error) {
	var list []*v1.Role
	var err error
	if s.project && f.Project.IsNull() {
		list, err = c.ListRolesOfAllProjects(ctx, f.NamePrefix.ValueString())
	} else {
		list, err = c.ListRoles(ctx, s.projectOf(f.Project.ValueString()), f.NamePrefix.ValueString())
	}
	if err != nil {
		return nil, err
	}
	found := make([]listedObject, 0, len(list))
	for _, r := range list {
		found = append(found, listedObject{project: r.Metadata.Project, name: r.Metadata.Name,
			display: fmt.Sprintf("%s (%d %s)", s.id(r.Metadata.Project, r.Metadata.Name), len(r.Spec.Permissions), plural(len(r.Spec.Permissions), "permission")),
			fill: func(ctx context.Context, into *tfsdk.Resource) diag.Diagnostics {
				var m roleModel
				m.readFrom(r, s)
				return setListed(into, func(st *tfsdk.State) diag.Diagnostics { return m.setState(ctx, st, s) })
			}})
	}
	return found, nil
}

func (s scope) listRoleBindings(ctx context.Context, c *client.Client, f listFilter) ([]listedObject, error) {
	var list []*v1.RoleBinding
	var err error
	if s.project && f.Project.IsNull() {
		list, err = c.ListRoleBindingsOfAllProjects(ctx, f.NamePrefix.ValueString())
	} else {
		list, err = c.ListRoleBindings(ctx, s.projectOf(f.Project.ValueString()), f.NamePrefix.ValueString())
	}
	if err != nil {
		return nil, err
	}
	found := make([]listedObject, 0, len(list))
	for _, b := range list {
		subjects := make([]string, 0, len(b.Spec.Subjects))
		for _, sub := range b.Spec.Subjects {
			subjects = append(subjects, sub.Name)
		}
		found = append(found, listedObject{project: b.Metadata.Project, name: b.Metadata.Name,
			display: fmt.Sprintf("%s (role %s: %s)", s.id(b.Metadata.Project, b.Metadata.Name), b.Spec.Role, strings.Join(subjects, ", ")),
			fill: func(ctx context.Context, into *tfsdk.Resource) diag.Diagnostics {
				var m roleBindingModel
				m.readFrom(b, s)
				return setListed(into, func(st *tfsdk.State) diag.Diagnostics { return m.setState(ctx, st, s) })
			}})
	}
	return found, nil
}
