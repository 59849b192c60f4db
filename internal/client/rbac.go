package client

import (
	"context"
	"net/url"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// Roles and role bindings exist in two scopes, like datasources and secrets (see scoped): Role and
// RoleBinding under /api/v1/projects/{project}/roles and .../rolebindings, GlobalRole and
// GlobalRoleBinding under /api/v1/globalroles and /api/v1/globalrolebindings. In memory both
// scopes are *v1.Role and *v1.RoleBinding; a global one has an empty Metadata.Project and the
// global Kind. Perses checks neither that a binding's role exists nor that its subjects do: a
// binding naming a missing role or user is stored and grants nothing.

var roles = &scopedKind[v1.Role, v1.GlobalRole]{
	object:     "role",
	collection: "roles",
	metadata:   func(r *v1.Role) *v1.ProjectMetadata { return &r.Metadata },
	projectWire: func(r *v1.Role) *v1.Role {
		wire := *r
		wire.Kind = v1.KindRole
		return &wire
	},
	globalWire: func(r *v1.Role) *v1.GlobalRole {
		return &v1.GlobalRole{Kind: v1.KindGlobalRole, Metadata: r.Metadata.Metadata, Spec: r.Spec}
	},
	fromGlobal: func(g *v1.GlobalRole) *v1.Role {
		return &v1.Role{Kind: v1.KindGlobalRole, Metadata: v1.ProjectMetadata{Metadata: g.Metadata}, Spec: g.Spec}
	},
}

var roleBindings = &scopedKind[v1.RoleBinding, v1.GlobalRoleBinding]{
	object:     "role binding",
	collection: "rolebindings",
	metadata:   func(b *v1.RoleBinding) *v1.ProjectMetadata { return &b.Metadata },
	projectWire: func(b *v1.RoleBinding) *v1.RoleBinding {
		wire := *b
		wire.Kind = v1.KindRoleBinding
		return &wire
	},
	globalWire: func(b *v1.RoleBinding) *v1.GlobalRoleBinding {
		return &v1.GlobalRoleBinding{Kind: v1.KindGlobalRoleBinding, Metadata: b.Metadata.Metadata, Spec: b.Spec}
	},
	fromGlobal: func(g *v1.GlobalRoleBinding) *v1.RoleBinding {
		return &v1.RoleBinding{Kind: v1.KindGlobalRoleBinding, Metadata: v1.ProjectMetadata{Metadata: g.Metadata}, Spec: g.Spec}
	},
}

func nameQuery(namePrefix string) url.Values {
	query := url.Values{}
	if namePrefix != "" {
		query.Set("name", namePrefix)
	}
	return query
}

// GetRole reads one role; project "" means a global role. A missing role, or a missing project,
// satisfies ErrNotFound.
func (c *Client) GetRole(ctx context.Context, project, name string) (*v1.Role, error) {
	return roles.in(project).get(ctx, c, name)
}

// ListRoles lists the roles of a scope (project "" for the global ones) whose name starts with
// namePrefix. Like every list, it may wrongly answer [] on a file database (see ListDatasources).
func (c *Client) ListRoles(ctx context.Context, project, namePrefix string) ([]*v1.Role, error) {
	return roles.in(project).list(ctx, c, nameQuery(namePrefix))
}

// CreateRole creates r in the scope of r.Metadata.Project and returns what Perses stored (the name
// and project may be lowercased). When the outcome of the POST is unknown, a role read back with
// the permissions sent counts as created (see create).
func (c *Client) CreateRole(ctx context.Context, r *v1.Role) (*v1.Role, error) {
	sc, name, err := roles.of(r)
	if err != nil {
		return nil, err
	}
	out, _, err := sc.create(ctx, c, r, name, func(got *v1.Role) bool { return sameJSON(got.Spec, r.Spec) })
	return out, err
}

// UpdateRole replaces the permissions of the role named r.Metadata.Name.
func (c *Client) UpdateRole(ctx context.Context, r *v1.Role) (*v1.Role, error) {
	sc, name, err := roles.of(r)
	if err != nil {
		return nil, err
	}
	return sc.update(ctx, c, r, name)
}

// DeleteRole deletes a role. A missing one satisfies ErrNotFound, except when an earlier attempt
// of this same call may have deleted it.
func (c *Client) DeleteRole(ctx context.Context, project, name string) error {
	return roles.in(project).delete(ctx, c, name)
}

// GetRoleBinding reads one role binding; project "" means a global role binding.
func (c *Client) GetRoleBinding(ctx context.Context, project, name string) (*v1.RoleBinding, error) {
	return roleBindings.in(project).get(ctx, c, name)
}

// ListRoleBindings lists the role bindings of a scope whose name starts with namePrefix.
func (c *Client) ListRoleBindings(ctx context.Context, project, namePrefix string) ([]*v1.RoleBinding, error) {
	return roleBindings.in(project).list(ctx, c, nameQuery(namePrefix))
}

// CreateRoleBinding creates b in the scope of b.Metadata.Project.
func (c *Client) CreateRoleBinding(ctx context.Context, b *v1.RoleBinding) (*v1.RoleBinding, error) {
	sc, name, err := roleBindings.of(b)
	if err != nil {
		return nil, err
	}
	out, _, err := sc.create(ctx, c, b, name, func(got *v1.RoleBinding) bool { return sameJSON(got.Spec, b.Spec) })
	return out, err
}

// UpdateRoleBinding replaces the subjects of a role binding. Perses refuses a change of its role
// (400 "spec.role can't be updated"): that is a new binding.
func (c *Client) UpdateRoleBinding(ctx context.Context, b *v1.RoleBinding) (*v1.RoleBinding, error) {
	sc, name, err := roleBindings.of(b)
	if err != nil {
		return nil, err
	}
	return sc.update(ctx, c, b, name)
}

// DeleteRoleBinding deletes a role binding.
func (c *Client) DeleteRoleBinding(ctx context.Context, project, name string) error {
	return roleBindings.in(project).delete(ctx, c, name)
}
