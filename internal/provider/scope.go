package provider

import (
	"fmt"
	"strings"
)

// scope is what differs between a global and a project datasource: the type name, the
// `project` attribute and the import ID. Everything else is one implementation.
type scope struct {
	// project is true for perses_project_datasource: objects live under /projects/{project}.
	project bool
}

var (
	globalScope  = scope{project: false}
	projectScope = scope{project: true}
)

// typeSuffix is the resource and data source type name after "perses_".
func (s scope) typeSuffix() string {
	if s.project {
		return "project_datasource"
	}
	return "global_datasource"
}

// noun names the object in messages: "global datasource" or "project datasource".
func (s scope) noun() string {
	if s.project {
		return "project datasource"
	}
	return "global datasource"
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
