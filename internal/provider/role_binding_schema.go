package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/rules"
)

// roleBindingResourceSchema is the schema of perses_role_binding (project) and perses_global_role_binding.
func roleBindingResourceSchema(s scope) schema.Schema {
	roleType, roleKind := "perses_global_role", "GlobalRole"
	if s.project {
		roleType, roleKind = "perses_role", "Role of the same project"
	}
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed: true, MarkdownDescription: fmt.Sprintf("The import ID: `%s`.", s.importIDFormat()),
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"name": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "Role binding name: 1 to 75 characters of `a-zA-Z0-9_.-`. Changing it replaces the binding.",
			Validators:          []validator.String{rules.Name(exampleRoleBindingName)},
		},
		"role": schema.StringAttribute{
			Required: true,
			MarkdownDescription: fmt.Sprintf("Name of the %s (`%s`) whose permissions the subjects get, exactly as the server stores it "+
				"(Perses matches it exactly, and a server that is not case-sensitive stores role names lowercased). "+
				"The plan checks that the role exists or that this configuration creates it: Perses itself stores a binding to a missing role, which then grants nothing. "+
				"Perses cannot change the role of a binding: changing it replaces the binding.", roleKind, roleType),
			Validators:    []validator.String{rules.Name(exampleRoleName)},
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"subjects": schema.ListNestedAttribute{
			Required: true,
			MarkdownDescription: "Who gets the role's permissions. The plan checks that each user exists or that this configuration creates it " +
				"(`perses_user`); on a server with OIDC or OAuth login providers a missing user is only a warning, since Perses creates those users at their first login. " +
				"Perses keeps the subjects in the order written.",
			Validators: []validator.List{rules.NonEmptyList("Perses refuses a role binding without subjects.",
				`Write at least one subject, e.g. subjects = [{ kind = "User", name = "alice" }].`)},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"kind": schema.StringAttribute{
					Optional: true, Computed: true, Default: stringdefault.StaticString(string(v1.KindUser)),
					MarkdownDescription: "Kind of the subject: `User`, the only kind Perses v0.54.0 has. Defaults to `User`.",
					Validators:          []validator.String{rules.SubjectKind()},
				},
				"name": schema.StringAttribute{
					Required:            true,
					MarkdownDescription: "Name of the user, exactly as the server stores it (Perses matches it exactly).",
					Validators:          []validator.String{rules.Name("alice")},
				},
			}},
		},
	}
	if s.project {
		attrs["project"] = schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "Project of the binding and of its role; the subjects get the role's permissions in this project. Changing it replaces the binding.",
			Validators:          []validator.String{rules.Name(exampleProjectName)},
		}
	}
	return schema.Schema{Version: roleBindingSchemaVersion, MarkdownDescription: roleBindingDescription(s), Attributes: attrs}
}

func roleBindingDescription(s scope) string {
	if s.project {
		return "A Perses role binding in one project (kind `RoleBinding`): gives users the permissions of a `perses_role` of the same project, in that project. " +
			"With auth on, Perses creates a binding `owner` of the project's creator in every new project: import it to manage it."
	}
	return "A Perses global role binding (kind `GlobalRoleBinding`): gives users the permissions of a `perses_global_role`, in every project and on the global objects."
}
