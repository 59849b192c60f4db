package provider

import (
	"fmt"
	"strings"
)

// scope is what differs between the global and the project form of one kind of object
// (datasource, secret): the type name, the `project` attribute and the import ID. Everything
// else is one implementation per kind of object.
type scope struct {
	// project is true for the perses_project_* types: objects live under /projects/{project}.
	project bool
	// object is the kind of object in Terraform words: "datasource" (the zero value) or "secret".
	object string
}

var (
	globalScope  = scope{project: false, object: "datasource"}
	projectScope = scope{project: true, object: "datasource"}

	globalSecretScope  = scope{project: false, object: "secret"}
	projectSecretScope = scope{project: true, object: "secret"}
)

func (s scope) objectName() string {
	if s.object == "" {
		return "datasource"
	}
	return s.object
}

// typeSuffix is the resource and data source type name after "perses_", e.g. "project_datasource".
func (s scope) typeSuffix() string {
	if s.project {
		return "project_" + s.objectName()
	}
	return "global_" + s.objectName()
}

// noun names the object in messages, e.g. "global datasource" or "project secret".
func (s scope) noun() string {
	return strings.ReplaceAll(s.typeSuffix(), "_", " ")
}

// id is the Terraform ID: the name for a global datasource, project/name for a project one.
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

// describe names one object in messages, e.g. `project datasource "checkout/prometheus"`.
func (s scope) describe(project, name string) string {
	return fmt.Sprintf("%s %q", s.noun(), s.id(project, name))
}

// parseImportID splits an import ID; ok is false when it does not have the expected shape.
func (s scope) parseImportID(id string) (project, name string, ok bool) {
	if !s.project {
		return "", id, id != "" && !strings.Contains(id, "/")
	}
	project, name, found := strings.Cut(id, "/")
	return project, name, found && project != "" && name != "" && !strings.Contains(name, "/")
}
