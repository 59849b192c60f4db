package client

import (
	"context"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// ListSecretsOfAllProjects lists the project secrets of every project the credentials may read
// (GET /api/v1/secrets) whose name starts with namePrefix, values masked, as
// ListDatasourcesOfAllProjects does for datasources. The same caution applies: never conclude
// from this list alone that a secret is gone.
func (c *Client) ListSecretsOfAllProjects(ctx context.Context, namePrefix string) ([]*v1.Secret, error) {
	return secrets.ofAllProjects(ctx, c, nameQuery(namePrefix))
}

// ListRolesOfAllProjects lists the project roles of every project the credentials may read
// (GET /api/v1/roles) whose name starts with namePrefix.
func (c *Client) ListRolesOfAllProjects(ctx context.Context, namePrefix string) ([]*v1.Role, error) {
	return roles.ofAllProjects(ctx, c, nameQuery(namePrefix))
}

// ListRoleBindingsOfAllProjects lists the role bindings of every project the credentials may read
// (GET /api/v1/rolebindings) whose name starts with namePrefix.
func (c *Client) ListRoleBindingsOfAllProjects(ctx context.Context, namePrefix string) ([]*v1.RoleBinding, error) {
	return roleBindings.ofAllProjects(ctx, c, nameQuery(namePrefix))
}
