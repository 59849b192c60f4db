package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// With auth on, Perses refuses (403) what the roles of the provider's identity do not allow, and
// its message names the permission that was missing (see client.MissingPermissionOf). Every
// refusal becomes a diagnostic that names the object, that permission (action, Perses scope,
// project) and the role that would grant it; a refusal whose message names nothing (a reverse
// proxy's) is described from what the provider asked.

// dashboardsScope stands for the dashboards the safe delete lists (project dashboards; with
// project "" those of every project): the provider manages none, only reads them.
var dashboardsScope = scope{object: "dashboard", project: true}

// rbacScope is the Perses RBAC scope of the objects of s: GlobalDatasource, Datasource,
// GlobalSecret, Secret or Project.
func (s scope) rbacScope() string {
	switch {
	case s.object == projectObject:
		return "Project"
	case s.object == userObject:
		return "User"
	case s.rbac():
		kind := map[string]string{roleObject: "Role", roleBindingObject: "RoleBinding"}[s.object]
		if s.project {
			return kind
		}
		return "Global" + kind
	case s.project:
		return titleCase(s.object)
	default:
		return "Global" + titleCase(s.object)
	}
}

// rbacAction is the Perses action of a provider operation ("Create", "Read", "List"...).
func rbacAction(op string) string {
	switch strings.ToLower(op) {
	case "create":
		return "create"
	case "update":
		return "update"
	case "delete":
		return "delete"
	default:
		return "read"
	}
}

// refusedPermission is what a 403 lacked: what the server said, else what the provider asked
// (action of op on the objects of s, in project for a project object).
func refusedPermission(err error, s scope, op, project string) client.MissingPermission {
	if p, ok := client.MissingPermissionOf(err); ok {
		return p
	}
	p := client.MissingPermission{Action: rbacAction(op), Scope: s.rbacScope()}
	// A project's own permissions are checked in that project, but for its creation.
	if s.project || (s.object == projectObject && p.Action != "create") {
		p.Project = project
	}
	return p
}

// describePermission reads like `create on scope "Datasource" in project "team-a"`.
func describePermission(p client.MissingPermission) string {
	if p.Project == "" {
		return fmt.Sprintf("%s on scope %q (a global permission)", p.Action, p.Scope)
	}
	return fmt.Sprintf("%s on scope %q in project %q", p.Action, p.Scope, p.Project)
}

// grantingRoles says which Perses role would grant p to the provider's user.
func grantingRoles(p client.MissingPermission) string {
	global := fmt.Sprintf("a GlobalRole with action %q on scope %q, bound to the provider's user by a GlobalRoleBinding", p.Action, p.Scope)
	switch {
	case p.Project != "":
		return fmt.Sprintf("a Role in project %q with action %q on scope %q, bound to the provider's user by a RoleBinding in that project, "+
			"or %s (a GlobalRole applies in every project)", p.Project, p.Action, p.Scope, global)
	case p.Scope == "Project" && p.Action == "create":
		return global + " (creating a project needs a global permission; Perses then makes the creator the owner of the new project)"
	default:
		return global + " (a project Role cannot hold a global scope)"
	}
}

// whyScope explains a refused scope that is not the object's own.
func whyScope(s scope, p client.MissingPermission) string {
	if s.object == datasourceObject && strings.HasSuffix(p.Scope, "Secret") {
		return fmt.Sprintf(" Perses checks it when a datasource's proxy names a secret: writing such a datasource needs read on %q.", p.Scope)
	}
	return ""
}

// forbiddenError is the diagnostic of a refused operation on one object.
func forbiddenError(summary string, s scope, op, project, name string, err error) diag.Diagnostic {
	return refusal(summary, strings.ToLower(op)+" "+s.describe(project, name), s, op, project, err)
}

// forbiddenListError is the diagnostic of a refused list of the objects of s in where (a
// project, the global scope).
func forbiddenListError(summary string, s scope, project, where string, err error) diag.Diagnostic {
	return refusal(summary, fmt.Sprintf("list the %ss of %s", s.noun(), where), s, "List", project, err)
}

// refusal says that the server refused what (an action on an object), which permission it lacked
// and which role would grant it.
func refusal(summary, what string, s scope, op, project string, err error) diag.Diagnostic {
	p := refusedPermission(err, s, op, project)
	return diagnostics.Error(summary,
		fmt.Sprintf("The Perses server refused to let the provider's identity %s (403): its roles lack the permission %s.%s",
			what, describePermission(p), whyScope(s, p)),
		fmt.Sprintf("Grant it with %s; or run with credentials that have it.", grantingRoles(p)), err)
}

// skippedCheckWarning is the warning of a plan-time check the provider's identity may not do:
// the check is skipped (never passed, never failed) and the plan says so, with the permission
// it needs. Perses' own checks of the write still run at apply.
func skippedCheckWarning(check, needs string, s scope, op, project string, err error) diag.Diagnostic {
	p := refusedPermission(err, s, op, project)
	return diagnostics.Warning(check+" Skipped",
		fmt.Sprintf("The plan could not check %s: the Perses server refused the read (403), the provider's identity lacks the permission %s. "+
			"This plan is not proof of it: the apply may still fail for this reason.", needs, describePermission(p)),
		fmt.Sprintf("To have it checked at plan, grant %s.", grantingRoles(p)), err)
}

// isForbidden reports a refusal of the server (403).
func isForbidden(err error) bool { return errors.Is(err, client.ErrForbidden) }
