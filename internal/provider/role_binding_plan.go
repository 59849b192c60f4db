package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// Perses checks neither the role nor the subjects of a role binding: it stores a binding to a
// missing role (its RBAC cache then logs "role ... does not exist" and grants nothing), and to
// users who do not exist. It also matches both by exact name, while a server whose database is not
// case-sensitive stores role and user names lowercased: a binding to "Team-Reader" grants nothing
// once the role is stored as "team-reader". The plan checks both, for a binding the apply writes.
//
// A missing user is an error, but for a server with OIDC or OAuth login providers: Perses creates
// such a user at its first login (its auth service's syncUser), so the binding may be written
// ahead of it, and the plan only warns. Native users only appear when someone creates them
// (perses_user, percli, the UI's sign-up).

// checkReferences checks the role and the users a binding names.
func (r *roleBindingResource) checkReferences(ctx context.Context, m roleBindingModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if r.data == nil || r.data.client == nil {
		return diags
	}
	project := r.scope.projectOf(m.Project.ValueString())
	diags.Append(r.checkRole(ctx, r.data.client, project, m.Role.ValueString())...)
	for i, sub := range m.Subjects {
		if sub.Kind.ValueString() == string(v1.KindUser) {
			diags.Append(r.checkUser(ctx, r.data.client, sub.Name.ValueString(), path.Root("subjects").AtListIndex(i).AtName("name"))...)
		}
	}
	return diags
}

// roles is the scope of the roles a binding of s names: a RoleBinding names a Role of its project,
// a GlobalRoleBinding a GlobalRole.
func (s scope) roles() scope { return scope{object: roleObject, project: s.project} }

func (r *roleBindingResource) checkRole(ctx context.Context, c *client.Client, project, role string) diag.Diagnostics {
	var diags diag.Diagnostics
	at := path.Root("role")
	roles := r.scope.roles()
	got, err := c.GetRole(ctx, project, role)
	switch {
	case err == nil:
		if got.Metadata.Name != role {
			diags.Append(diagnostics.AttributeError(at, "Role Spelled Differently",
				fmt.Sprintf("The Perses server stores %s as %q, and matches the role of a binding to that name exactly: a binding to %q would grant nothing.",
					roles.describe(project, role), got.Metadata.Name, role),
				fmt.Sprintf("Write role = %q (and name the role resource that way).", got.Metadata.Name)))
		}
		return diags
	case isForbidden(err):
		diags.Append(skippedCheckWarning("Role Check", fmt.Sprintf("that %s exists", roles.describe(project, role)), roles, "Read", project, err))
		return diags
	case !errors.Is(err, client.ErrNotFound):
		diags.Append(diagnostics.Error("Cannot Check Role", fmt.Sprintf("Reading %s failed.", roles.describe(project, role)),
			"Check the provider url and credentials, then plan again.", err))
		return diags
	}
	if r.data.planned.waitForRole(ctx, project, role) {
		return diags
	}
	problem := fmt.Sprintf("The binding names %s, which is not on the Perses server, and no %s of this configuration creates it. "+
		"Perses would store the binding, and it would grant nothing.", roles.describe(project, role), roles.typeName())
	fix := fmt.Sprintf("Create it with a %s resource in %s and reference it (role = %s.<name>.name), or fix the name.", roles.typeName(), r.scope.where(project), roles.typeName())
	if r.scope.project {
		if _, gerr := c.GetRole(ctx, "", role); gerr == nil {
			fix = fmt.Sprintf("A global role %q exists, but a project binding names a role of its own project: bind the global role with a perses_global_role_binding, "+
				"or create a perses_role %q in project %q.", role, role, project)
		}
	}
	diags.Append(diagnostics.AttributeError(at, "Role Not Found", problem, fix))
	return diags
}

func (r *roleBindingResource) checkUser(ctx context.Context, c *client.Client, name string, at path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	u, err := r.data.online.user(ctx, c, name)
	switch {
	case err == nil:
		if u.Metadata.Name != name {
			diags.Append(diagnostics.AttributeError(at, "User Spelled Differently",
				fmt.Sprintf("The Perses server stores user %q as %q, and matches the subjects of a binding to that name exactly: this subject would get nothing.",
					name, u.Metadata.Name),
				fmt.Sprintf("Write name = %q.", u.Metadata.Name)))
		}
		return diags
	case isForbidden(err):
		diags.Append(skippedCheckWarning("User Check", fmt.Sprintf("that user %q exists", name), usersScope, "Read", "", err))
		return diags
	case !errors.Is(err, client.ErrNotFound):
		diags.Append(diagnostics.Error("Cannot Check User", fmt.Sprintf("Reading user %q failed.", name),
			"Check the provider url and credentials, then plan again.", err))
		return diags
	}
	if r.data.planned.waitForUser(ctx, name) {
		return diags
	}
	problem := fmt.Sprintf("The binding names user %q, who is not on the Perses server, and no perses_user of this configuration creates them. "+
		"Perses would store the binding; it grants nothing until a user of that name exists.", name)
	external, perr := r.data.online.externalLogins(ctx, c)
	switch {
	case perr != nil:
		diags.Append(diagnostics.AttributeWarning(at, "User Not Found",
			problem+" Reading the server's login providers failed, so the plan cannot tell whether the user may appear at a first OIDC or OAuth login: "+
				"it warns instead of failing. Original error: "+perr.Error(),
			fmt.Sprintf("Create the user with a perses_user resource, or fix the name; nothing to do if %q logs in through an OIDC or OAuth provider.", name)))
	case len(external) > 0:
		diags.Append(diagnostics.AttributeWarning(at, "User Not Found Yet",
			problem+fmt.Sprintf(" The server has OIDC or OAuth login providers (%s), and Perses creates their users at their first login: "+
				"the binding applies to %q from then on.", externalList(external), name),
			fmt.Sprintf("Nothing to do if %q logs in through one of them; otherwise create the user with a perses_user resource, or fix the name.", name)))
	default:
		diags.Append(diagnostics.AttributeError(at, "User Not Found",
			problem+" The server has no OIDC or OAuth login provider, so no user appears by logging in.",
			fmt.Sprintf("Create the user with a perses_user resource (name = %q) and reference it (name = perses_user.<name>.name), or fix the name.", name)))
	}
	return diags
}
