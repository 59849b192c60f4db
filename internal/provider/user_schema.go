package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/perses/terraform-provider-perses/internal/rules"
)

// exampleUserName is the user name messages suggest.
const exampleUserName = "alice"

// userPassword is the native password of a perses_user, in the forms of every secret value
// (see secretValue); Perses has no file variant of it.
var userPassword = secretValue{name: "password", what: "password", required: true, noFile: true, object: userObject}

func userResourceSchema() schema.Schema {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed: true, MarkdownDescription: "The user name, also the import ID.",
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"name": schema.StringAttribute{
			Required: true,
			MarkdownDescription: "Login of the user: 1 to 75 characters of `a-zA-Z0-9_.-`; role bindings name the user by it " +
				"(`subjects = [{ name = perses_user.<name>.name }]`). Changing it replaces the user. A server whose database is not " +
				"case-sensitive (the Perses default) stores it lowercased: write it in lowercase, since Perses matches a binding's subjects exactly.",
			Validators: []validator.String{rules.Name(exampleUserName)},
		},
		"first_name": userNameAttribute("First name"),
		"last_name":  userNameAttribute("Last name"),
		"version": schema.Int64Attribute{
			Computed: true,
			MarkdownDescription: "Version Perses gives the user; it increases on every write. Perses never gives the password back, " +
				"so when a refresh finds another version than the one Terraform wrote, the user was written outside Terraform: the plan then sends the password again.",
		},
	}
	for name, a := range userPassword.attributes() {
		attrs[name] = a
	}
	return schema.Schema{
		Version: userSchemaVersion,
		MarkdownDescription: "A Perses native user (kind `User`): a login and password for the native login provider, and a name to bind roles to " +
			"(`perses_role_binding`, `perses_global_role_binding`). Needs a Perses server with auth on. Perses never gives the password back: write it " +
			"write-only (`password_wo` with `password_wo_version`, Terraform 1.11+ / OpenTofu 1.11+: never stored in the state), or as the `Sensitive` " +
			"`password` for older CLIs (stored in the state). Perses cannot clear `first_name` or `last_name` on an update: removing one " +
			"replaces the user (same name, and the configured password). Users that an OIDC or OAuth provider creates at their first login are not managed here: " +
			"bind them by name, and read them with the `perses_user` data source. Perses creates users only through its sign-up route " +
			"(`POST /api/v1/users`), which it serves to anyone, signed in or not, unless `security.authentication.disable_sign_up: true`, " +
			"and then to nobody: creating a user fails at plan on such a server (import the users it has; updates and deletes still work). " +
			"A user who signs up alone gets no role, only the server's guest permissions " +
			"(`security.authorization.provider.native.guest_permissions`, none by default).",
		Attributes: attrs,
	}
}

// userNameAttribute is first_name or last_name. Perses keeps the stored value when an update
// leaves it empty (see client.UpdateUser), so removing it replaces the user (ModifyPlan).
func userNameAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, Validators: notEmpty, MarkdownDescription: what + " of the user, shown in the Perses UI."}
}
