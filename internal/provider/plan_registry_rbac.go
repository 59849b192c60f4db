package provider

import (
	"context"
	"strings"
)

// The RBAC part of the plan registry: roles and users planned in this run, for the checks of the
// role bindings that name them (Perses checks neither: a binding naming a missing role or user is
// stored and grants nothing). perses_role and perses_global_role record their roles;
// perses_user records its users with recordUser.

// roleKey is a role of one scope: project "" for a global role. Names are compared as the
// configuration writes them, but for letter case (a server that is not case-sensitive stores
// them lowercased; the binding check then compares with what the server holds).
func roleKey(project, name string) string { return strings.ToLower(project + "/" + name) }

// recordRole notes a role planned to exist (project "" for a global role).
func (r *planRegistry) recordRole(project, name string) {
	if r == nil {
		return
	}
	r.record(func() { r.roles[roleKey(project, name)] = true })
}

// recordUser notes a user planned to exist (perses_user).
func (r *planRegistry) recordUser(name string) {
	if r == nil {
		return
	}
	r.record(func() { r.users[strings.ToLower(name)] = true })
}

// waitForRole says whether a role is planned to exist in this run.
func (r *planRegistry) waitForRole(ctx context.Context, project, name string) bool {
	if r == nil {
		return false
	}
	return r.waitUntil(ctx, func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.roles[roleKey(project, name)]
	})
}

// waitForUser says whether a user is planned to exist in this run.
func (r *planRegistry) waitForUser(ctx context.Context, name string) bool {
	if r == nil {
		return false
	}
	return r.waitUntil(ctx, func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.users[strings.ToLower(name)]
	})
}

// recordReplacedUser notes a user planned for replacement (perses_user with the same name): the
// plan of its create, which Terraform asks next with no prior state, must not find it taken.
func (r *planRegistry) recordReplacedUser(name string) {
	if r == nil {
		return
	}
	r.record(func() { r.replacedUsers[strings.ToLower(name)] = true })
}

// replacingUser says whether the user was planned for replacement in this run.
func (r *planRegistry) replacingUser(name string) bool {
	if r == nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.replacedUsers[strings.ToLower(name)]
}
