package rules

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/perses/pkg/model/api/v1/role"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// The actions and scopes of a Perses permission, from the pinned module (pkg/model/api/v1/role).
// Perses validates them case-insensitively (GetAction, GetScope) and stores them as written, but
// its RBAC check (internal/api/authorization/native) compares them exactly: a role holding
// "datasource" is accepted, stored, and grants nothing. The provider asks for the exact spelling.
var (
	// Actions in the order messages list them.
	Actions = []role.Action{role.ReadAction, role.CreateAction, role.UpdateAction, role.DeleteAction, role.WildcardAction}
	// Scopes in the order messages list them: the project kinds, then the global ones, then "*".
	Scopes = []role.Scope{
		role.DashboardScope, role.DatasourceScope, role.EphemeralDashboardScope, role.FolderScope, role.ProjectScope,
		role.RoleScope, role.RoleBindingScope, role.SecretScope, role.VariableScope,
		role.GlobalDatasourceScope, role.GlobalRoleScope, role.GlobalRoleBindingScope, role.GlobalSecretScope,
		role.GlobalVariableScope, role.UserScope, role.WildcardScope,
	}
)

// ActionList and ScopeList write the allowed values for messages and descriptions.
func ActionList() string { return quoteAll(Actions) }

// ScopeList writes every scope; ProjectScopeList those a project Role may hold.
func ScopeList() string { return quoteAll(Scopes) }

// ProjectScopeList writes the scopes a project Role may hold (Perses refuses the global ones there).
func ProjectScopeList() string {
	var project []role.Scope
	for _, s := range Scopes {
		if !role.IsGlobalScope(s) {
			project = append(project, s)
		}
	}
	return quoteAll(project)
}

func quoteAll[T ~string](values []T) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", string(v))
	}
	return strings.Join(quoted, ", ")
}

// canonical returns Perses' spelling of value among values: the same letters but for case, or
// the singular of a plural ("datasources"); "" when none.
func canonical[T ~string](values []T, value string) string {
	for _, candidate := range []string{value, strings.TrimSuffix(value, "s")} {
		for _, v := range values {
			if strings.EqualFold(string(v), candidate) {
				return string(v)
			}
		}
	}
	return ""
}

// CheckAction returns what is wrong with a permission action and what to write instead; ok is
// true for an action Perses accepts as written.
func CheckAction(value string) (problem, fix string, ok bool) {
	for _, a := range Actions {
		if string(a) == value {
			return "", "", true
		}
	}
	problem = fmt.Sprintf("%q is not a Perses permission action (they are exact, lowercase words).", value)
	if c := canonical(Actions, value); c != "" {
		return problem, fmt.Sprintf("Did you mean %q? Write one of %s.", c, ActionList()), false
	}
	return problem, fmt.Sprintf("Write one of %s.", ActionList()), false
}

// CheckScope returns what is wrong with a permission scope and what to write instead; projectRole
// says the permission is a project Role's, which Perses refuses global scopes.
func CheckScope(value string, projectRole bool) (problem, fix string, ok bool) {
	for _, s := range Scopes {
		if string(s) != value {
			continue
		}
		if projectRole && role.IsGlobalScope(s) {
			return fmt.Sprintf("%q is a global scope, and Perses refuses it in a project role (a Role grants rights in its project only).", value),
				fmt.Sprintf("Put this permission in a perses_global_role bound by a perses_global_role_binding, or write one of the project scopes: %s.",
					ProjectScopeList()), false
		}
		return "", "", true
	}
	problem = fmt.Sprintf("%q is not a Perses permission scope (scopes are kinds spelled as Perses spells them).", value)
	allowed := ScopeList()
	if projectRole {
		allowed = ProjectScopeList()
	}
	if c := canonical(Scopes, value); c != "" {
		return problem, fmt.Sprintf("Did you mean %q? Write one of %s.", c, allowed), false
	}
	return problem, fmt.Sprintf("Write one of %s.", allowed), false
}

// PermissionActions validates each element of a permission's actions.
func PermissionActions() validator.List { return permissionList{what: "action"} }

// PermissionScopes validates each element of a permission's scopes; projectRole for a Role.
func PermissionScopes(projectRole bool) validator.List {
	return permissionList{what: "scope", projectRole: projectRole}
}

type permissionList struct {
	what        string
	projectRole bool
}

func (v permissionList) Description(context.Context) string {
	if v.what == "action" {
		return "each must be one of " + ActionList()
	}
	if v.projectRole {
		return "each must be one of " + ProjectScopeList()
	}
	return "each must be one of " + ScopeList()
}

func (v permissionList) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v permissionList) ValidateList(ctx context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var values []types.String
	if d := req.ConfigValue.ElementsAs(ctx, &values, false); d.HasError() {
		return
	}
	for i, value := range values {
		if value.IsNull() || value.IsUnknown() {
			continue
		}
		problem, fix, ok := CheckAction(value.ValueString())
		summary := "Invalid Permission Action"
		if v.what == "scope" {
			problem, fix, ok = CheckScope(value.ValueString(), v.projectRole)
			summary = "Invalid Permission Scope"
		}
		if !ok {
			at := req.Path.AtListIndex(i)
			resp.Diagnostics.Append(diagnostics.AttributeError(at, summary, fmt.Sprintf("%s: %s", at, problem), fix))
		}
	}
}

// NonEmptyList refuses an empty list that Perses refuses (a permission without actions, a
// binding without subjects): problem says why, fix what to write.
func NonEmptyList(problem, fix string) validator.List {
	return nonEmptyList{problem: problem, fix: fix}
}

type nonEmptyList struct{ problem, fix string }

func (v nonEmptyList) Description(context.Context) string { return "must not be empty" }

func (v nonEmptyList) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v nonEmptyList) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || len(req.ConfigValue.Elements()) > 0 {
		return
	}
	resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Empty List", fmt.Sprintf("%s is empty: %s", req.Path, v.problem), v.fix))
}

// SubjectKind checks the kind of a role binding subject: Perses v0.54.0 has only "User".
func SubjectKind() validator.String { return subjectKind{} }

type subjectKind struct{}

func (subjectKind) Description(context.Context) string { return `must be "User"` }

func (v subjectKind) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (subjectKind) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() == string(v1.KindUser) {
		return
	}
	resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Invalid Subject Kind",
		fmt.Sprintf("%s is %q: Perses v0.54.0 binds roles to users only, and refuses any other subject kind.", req.Path, req.ConfigValue.ValueString()),
		`Write kind = "User", or leave kind out (it defaults to "User").`))
}
