package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/client"
)

// scope is where one kind of object lives and what follows from it: the Terraform type name, the
// `project` attribute, the ID and import ID, the wording of messages, and how to ask the server
// which object a name designates. Datasources and secrets exist in a global and a project scope;
// projects only in the global one. Everything else is one implementation per kind of object.
type scope struct {
	// object is the kind of object in Terraform words: "datasource", "secret" or "project".
	object string
	// project is true for the perses_project_* types: objects live under /projects/{project}.
	project bool
}

const (
	datasourceObject = "datasource"
	secretObject     = "secret"
	projectObject    = "project"
	// roleObject and roleBindingObject are Perses' Role/GlobalRole and RoleBinding/GlobalRoleBinding.
	roleObject        = "role"
	roleBindingObject = "role_binding"
	// userObject is Perses' global User kind.
	userObject = "user"
)

var (
	globalScope  = scope{object: datasourceObject}
	projectScope = scope{object: datasourceObject, project: true}

	globalSecretScope  = scope{object: secretObject}
	projectSecretScope = scope{object: secretObject, project: true}

	// projectsScope is perses_project: projects are global objects.
	projectsScope = scope{object: projectObject}

	// The project scope of roles and role bindings is the unprefixed type (perses_role,
	// perses_role_binding), as Perses names its kinds (Role, GlobalRole).
	globalRoleScope         = scope{object: roleObject}
	projectRoleScope        = scope{object: roleObject, project: true}
	globalRoleBindingScope  = scope{object: roleBindingObject}
	projectRoleBindingScope = scope{object: roleBindingObject, project: true}

	// usersScope is perses_user: users are global objects, named without a prefix like projects.
	usersScope = scope{object: userObject}
)

// objectName names the kind in messages: "datasource", "role binding".
func (s scope) objectName() string { return strings.ReplaceAll(s.object, "_", " ") }

// rbac says whether the objects of s are roles or role bindings, whose project type has no prefix.
func (s scope) rbac() bool { return s.object == roleObject || s.object == roleBindingObject }

// typeSuffix is the resource and data source type name after "perses_", e.g. "project_datasource".
func (s scope) typeSuffix() string {
	switch {
	case s.object == projectObject || s.object == userObject:
		return s.object
	case s.project && s.rbac():
		return s.object
	case s.project:
		return "project_" + s.object
	default:
		return "global_" + s.object
	}
}

// typeName is the full Terraform type name, e.g. "perses_project_datasource".
func (s scope) typeName() string { return "perses_" + s.typeSuffix() }

// noun names the object in messages, e.g. "global datasource" or "project secret".
func (s scope) noun() string {
	return strings.ReplaceAll(s.typeSuffix(), "_", " ")
}

// id is the Terraform ID: the name of a global object, project/name of a project one.
func (s scope) id(project, name string) string {
	if s.project {
		return project + "/" + name
	}
	return name
}

// importIDFormat says what `terraform import` expects.
func (s scope) importIDFormat() string {
	if s.project {
		return "<project>/<name>"
	}
	return "<name>"
}

// exampleID is an import ID to show in messages.
func (s scope) exampleID() string {
	names := map[string]string{datasourceObject: "prometheus", secretObject: exampleSecretName, projectObject: exampleProjectName,
		roleObject: exampleRoleName, roleBindingObject: exampleRoleBindingName, userObject: exampleUserName}
	return s.id(exampleProjectName, names[s.object])
}

// describe names one object in messages, e.g. `project datasource "checkout/prometheus"`.
func (s scope) describe(project, name string) string {
	return fmt.Sprintf("%s %q", s.noun(), s.id(project, name))
}

// where names the scope of an object in messages: "the global scope" or `project "checkout"`.
func (s scope) where(project string) string {
	if s.project {
		return fmt.Sprintf("project %q", project)
	}
	return "the global scope"
}

// identityPaths are the attributes that say which object a resource is: the name, and the project
// of a project object. Changing them designates another object.
func (s scope) identityPaths() []path.Path {
	if s.project {
		return []path.Path{path.Root("project"), path.Root("name")}
	}
	return []path.Path{path.Root("name")}
}

// parseImportID splits an import ID; ok is false when it does not have the expected shape.
func (s scope) parseImportID(id string) (project, name string, ok bool) {
	if !s.project {
		return "", id, id != "" && !strings.Contains(id, "/")
	}
	project, name, found := strings.Cut(id, "/")
	return project, name, found && project != "" && name != "" && !strings.Contains(name, "/")
}

// storedIdentity asks the server which object project/name designates, and returns its name (and
// project) as the server stores them. A server whose database is not case-sensitive answers "prom"
// for "Prom"; so does MariaDB's default collation even with case_sensitive true. Two spellings
// designate the same object exactly when the server answers the same stored identity for both.
func (s scope) storedIdentity(ctx context.Context, c *client.Client, project, name string) (string, string, error) {
	switch s.object {
	case datasourceObject:
		ds, err := c.GetDatasource(ctx, s.projectOf(project), name)
		if err != nil {
			return "", "", err
		}
		return ds.Metadata.Project, ds.Metadata.Name, nil
	case secretObject:
		sec, err := c.GetSecret(ctx, s.projectOf(project), name)
		if err != nil {
			return "", "", err
		}
		return sec.Metadata.Project, sec.Metadata.Name, nil
	case roleObject:
		r, err := c.GetRole(ctx, s.projectOf(project), name)
		if err != nil {
			return "", "", err
		}
		return r.Metadata.Project, r.Metadata.Name, nil
	case roleBindingObject:
		b, err := c.GetRoleBinding(ctx, s.projectOf(project), name)
		if err != nil {
			return "", "", err
		}
		return b.Metadata.Project, b.Metadata.Name, nil
	case userObject:
		u, err := c.GetUser(ctx, name)
		if err != nil {
			return "", "", err
		}
		return "", u.Metadata.Name, nil
	default:
		p, err := c.GetProject(ctx, name)
		if err != nil {
			return "", "", err
		}
		return "", p.Metadata.Name, nil
	}
}

// projectOf is the project part of a request: "" (the global scope) for a global object.
func (s scope) projectOf(project string) string {
	if s.project {
		return project
	}
	return ""
}

// secrets is the scope of the secrets an object of s can use: a global datasource's proxy names a
// global secret, a project datasource's a secret of its project.
func (s scope) secrets() scope { return scope{object: secretObject, project: s.project} }

// datasourceScopeOf is the scope of the datasource at project ("" for a global one).
func datasourceScopeOf(project string) scope {
	return scope{object: datasourceObject, project: project != ""}
}

// identityIn reads the identity of an object from a plan, state or configuration: its project
// ("" in the global scope) and name.
func (s scope) identityIn(ctx context.Context, g attrGetter) (project, name string, diags diag.Diagnostics) {
	var p, n types.String
	diags = g.GetAttribute(ctx, path.Root("name"), &n)
	if s.project {
		diags.Append(g.GetAttribute(ctx, path.Root("project"), &p)...)
	}
	return p.ValueString(), n.ValueString(), diags
}
