package probe

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/plugins"
)

// BodyContentType is the content type a probe body is sent with: JSON when it is a JSON object
// or array, a form (e.g. query=up) otherwise, as the backends the provider knows read them.
func BodyContentType(body string) string {
	if trimmed := strings.TrimSpace(body); (strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[")) && json.Valid([]byte(body)) {
		return plugins.JSONContentType
	}
	return plugins.FormContentType
}

// SameNameElsewhere names where a datasource of that name exists in the other scope: "" (the
// global scope) for a project datasource, the projects for a global one (project ""). It is a
// hint: a failed read yields nothing.
func SameNameElsewhere(ctx context.Context, c *client.Client, project, name string) []string {
	if project != "" {
		if _, err := c.GetDatasource(ctx, "", name); err == nil {
			return []string{""}
		}
		return nil
	}
	list, err := c.ListDatasourcesOfAllProjects(ctx, client.DatasourceFilter{NamePrefix: name})
	if err != nil {
		return nil
	}
	var projects []string
	for _, ds := range list {
		if strings.EqualFold(ds.Metadata.Name, name) && !slices.Contains(projects, ds.Metadata.Project) {
			projects = append(projects, ds.Metadata.Project)
		}
	}
	sort.Strings(projects)
	return projects
}
