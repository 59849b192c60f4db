package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/rules"
)

// exampleRoleName and exampleRoleBindingName are the names messages suggest.
const (
	exampleRoleName        = "team-reader"
	exampleRoleBindingName = "team-readers"
)

// defaultProjectRoles are the roles Perses creates in every new project when auth is on
// (internal/api/utils DefaultOwnerRole, DefaultEditorRole, DefaultViewerRole), with a binding
// "owner" of the project's creator.
var defaultProjectRoles = []string{"owner", "editor", "viewer"}

// roleResourceSchema is the schema of perses_role (project) and perses_global_role.
func roleResourceSchema(s scope) schema.Schema {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed: true, MarkdownDescription: fmt.Sprintf("The import ID: `%s`.", s.importIDFormat()),
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"name": schema.StringAttribute{
			Required: true,
			MarkdownDescription: "Role name: 1 to 75 characters of `a-zA-Z0-9_.-`; role bindings name the role by it. " +
				"Changing it replaces the role. A server whose database is not case-sensitive (the Perses default) stores it lowercased: " +
				"write it in lowercase, since Perses matches a binding's `role` to the stored name exactly.",
			Validators: []validator.String{rules.Name(exampleRoleName)},
		},
		"permissions": schema.ListNestedAttribute{
			Required: true,
			MarkdownDescription: "What the role allows: each permission grants its `actions` on its `scopes` (kinds of objects). " +
				"Perses keeps them in the order written.",
			Validators: []validator.List{rules.NonEmptyList("a role without permissions grants nothing.",
				`Write at least one permission, e.g. permissions = [{ actions = ["read"], scopes = ["Dashboard"] }].`)},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"actions": schema.ListAttribute{
					Required: true, ElementType: types.StringType,
					MarkdownDescription: "Actions allowed, spelled exactly: " + rules.ActionList() + " (`*` is every action).",
					Validators: []validator.List{
						rules.NonEmptyList("Perses refuses a permission without actions.", "Write one or more of "+rules.ActionList()+"."),
						rules.PermissionActions(),
					},
				},
				"scopes": schema.ListAttribute{
					Required: true, ElementType: types.StringType,
					MarkdownDescription: scopesDescription(s),
					Validators: []validator.List{
						rules.NonEmptyList("Perses refuses a permission without scopes.", "Write one or more of "+scopeListOf(s)+"."),
						rules.PermissionScopes(s.project),
					},
				},
			}},
		},
	}
	if s.project {
		attrs["project"] = schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "Project the role belongs to; it grants rights in this project only. Changing it replaces the role.",
			Validators:          []validator.String{rules.Name(exampleProjectName)},
		}
	}
	return schema.Schema{Version: roleSchemaVersion, MarkdownDescription: roleDescription(s), Attributes: attrs}
}

func scopeListOf(s scope) string {
	if s.project {
		return rules.ProjectScopeList()
	}
	return rules.ScopeList()
}

func scopesDescription(s scope) string {
	if s.project {
		return "Kinds of objects of the project the actions apply to, spelled exactly as Perses does: " + rules.ProjectScopeList() +
			" (`*` is every kind of the project). Perses refuses the global kinds (`GlobalDatasource`, `GlobalRole`, `GlobalRoleBinding`, " +
			"`GlobalSecret`, `GlobalVariable`, `User`) in a project role: grant those with a `perses_global_role`."
	}
	return "Kinds of objects the actions apply to, spelled exactly as Perses does: " + rules.ScopeList() +
		" (`*` is every kind). A global role applies in every project: `Datasource` there means the datasources of every project."
}

func roleDescription(s scope) string {
	if s.project {
		return "A Perses role in one project (kind `Role`): a set of permissions on the project's objects, granted to users by a " +
			"`perses_role_binding` of the same project. With auth on, Perses creates the roles `owner`, `editor` and `viewer` in every new " +
			"project: to manage one of them, import it (`terraform import perses_role.<name> <project>/owner`) rather than create it."
	}
	return "A Perses global role (kind `GlobalRole`): a set of permissions that applies in every project and on the global objects, " +
		"granted to users by a `perses_global_role_binding`."
}
