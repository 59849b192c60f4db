// Package references finds which dashboards use a datasource, by the rules the Perses UI resolves
// a datasource selector with. It knows Perses, nothing of Terraform: the provider reads the lists
// (and caches them) and turns the uses into diagnostics.
package references

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/spec/go/dashboard"
	dsspec "github.com/perses/spec/go/datasource"
	"github.com/perses/spec/go/plugin"

	"github.com/perses/terraform-provider-perses/internal/client"
)

// A datasource selector is {kind, name} in a query, variable or annotation plugin spec. The
// selector's kind must be the datasource's plugin kind; a name is looked up (ignoring case) in the
// dashboard's own datasources, then its project's, then the global ones; no name means the default
// datasource of that kind, looked up in the same order. A name that is a variable ($ds) is chosen
// when the dashboard is viewed: it names no datasource here.

// Datasource is the datasource whose users are sought.
type Datasource struct {
	Project string // "" for a global datasource
	Name    string
	Kind    string // the plugin kind, e.g. PrometheusDatasource
	Default bool
}

// Shadow says which datasources of a project hide a global datasource of the same kind from that
// project's dashboards.
type Shadow struct {
	SameName   bool // a project datasource of the same name
	HasDefault bool // a default project datasource
}

// Use is one dashboard that uses the datasource, and where.
type Use struct {
	Project, Name string
	Places        []string // e.g. `panel "cpu" query 1`, `variable "job"`
}

func (u Use) String() string {
	return u.Project + "/" + u.Name + " (" + strings.Join(u.Places, ", ") + ")"
}

// ProjectDatasourcesOfKind lists the project datasources of a plugin kind, in every project.
type ProjectDatasourcesOfKind func(ctx context.Context, kind string) ([]*v1.Datasource, error)

// UsesOf returns the dashboards, among the given ones of the datasource's scope, that use it,
// sorted by project and name. For a global datasource, the project datasources that may hide it
// are only read when some dashboard would otherwise use it.
func UsesOf(ctx context.Context, used Datasource, dashboards []*v1.Dashboard, projectDatasources ProjectDatasourcesOfKind) ([]Use, error) {
	uses := Find(used, dashboards, nil)
	if used.Project != "" || len(uses) == 0 {
		return uses, nil
	}
	list, err := projectDatasources(ctx, used.Kind)
	if err != nil {
		return nil, err
	}
	return Find(used, dashboards, ShadowsOf(used, list)), nil
}

// ShadowsOf indexes the project datasources of the used datasource's kind by project (lowercased,
// as the server compares them by default).
func ShadowsOf(used Datasource, projectDatasources []*v1.Datasource) map[string]Shadow {
	shadows := map[string]Shadow{}
	for _, ds := range projectDatasources {
		if ds.Spec.Plugin.Kind != used.Kind {
			continue
		}
		key := strings.ToLower(ds.Metadata.Project)
		s := shadows[key]
		s.SameName = s.SameName || strings.EqualFold(ds.Metadata.Name, used.Name)
		s.HasDefault = s.HasDefault || ds.Spec.Default
		shadows[key] = s
	}
	return shadows
}

// Find returns the dashboards that use the datasource, sorted by project and name. shadows (for a
// global datasource) says which projects hide it; nil for a project datasource.
func Find(used Datasource, dashboards []*v1.Dashboard, shadows map[string]Shadow) []Use {
	var uses []Use
	for _, d := range dashboards {
		if used.Project != "" && !strings.EqualFold(d.Metadata.Project, used.Project) {
			continue
		}
		shadow := shadows[strings.ToLower(d.Metadata.Project)]
		var places []string
		for _, s := range dashboardSelectors(d) {
			if resolvesTo(used, s, d.Spec.Datasources, shadow) && !slices.Contains(places, s.place) {
				places = append(places, s.place)
			}
		}
		if len(places) > 0 {
			uses = append(uses, Use{Project: d.Metadata.Project, Name: d.Metadata.Name, Places: places})
		}
	}
	sort.Slice(uses, func(i, j int) bool {
		if uses[i].Project != uses[j].Project {
			return uses[i].Project < uses[j].Project
		}
		return uses[i].Name < uses[j].Name
	})
	return uses
}

// selector is one datasource selector found in a dashboard, and where.
type selector struct {
	kind, name string
	place      string
}

// resolvesTo says whether the selector, in a dashboard with these own datasources and in a
// project with this shadow, designates the used datasource.
func resolvesTo(used Datasource, s selector, local map[string]*dsspec.Spec, shadow Shadow) bool {
	if s.kind != used.Kind || strings.HasPrefix(s.name, "$") {
		return false
	}
	if s.name != "" {
		if !strings.EqualFold(s.name, used.Name) {
			return false
		}
		for localName, spec := range local {
			if spec != nil && spec.Plugin.Kind == s.kind && strings.EqualFold(localName, s.name) {
				return false
			}
		}
		return used.Project != "" || !shadow.SameName
	}
	if !used.Default {
		return false
	}
	for _, spec := range local {
		if spec != nil && spec.Plugin.Kind == s.kind && spec.Default {
			return false
		}
	}
	return used.Project != "" || !shadow.HasDefault
}

// dashboardSelectors lists the datasource selectors of a dashboard's panels (their own plugin
// and their queries), list variables and annotations.
func dashboardSelectors(d *v1.Dashboard) []selector {
	var out []selector
	panelKeys := make([]string, 0, len(d.Spec.Panels))
	for k := range d.Spec.Panels {
		panelKeys = append(panelKeys, k)
	}
	sort.Strings(panelKeys)
	for _, key := range panelKeys {
		panel := d.Spec.Panels[key]
		if panel == nil {
			continue
		}
		out = append(out, pluginSelectors(panel.Spec.Plugin, fmt.Sprintf("panel %q", key))...)
		for i, q := range panel.Spec.Queries {
			out = append(out, pluginSelectors(q.Spec.Plugin, fmt.Sprintf("panel %q query %d", key, i+1))...)
		}
	}
	for _, v := range d.Spec.Variables {
		if list, ok := v.Spec.(*dashboard.ListVariableSpec); ok {
			out = append(out, pluginSelectors(list.Plugin, fmt.Sprintf("variable %q", list.Name))...)
		}
	}
	for _, a := range d.Spec.Annotations {
		out = append(out, pluginSelectors(a.Plugin, fmt.Sprintf("annotation %q", a.Display.Name))...)
	}
	return out
}

// pluginSelectors finds every {"datasource": {"kind": ..., "name": ...}} in a plugin spec, at any
// depth: plugins put the selector at the top of their spec, and some nest plugins in others.
func pluginSelectors(p plugin.Plugin, place string) []selector {
	var out []selector
	var walk func(v any)
	walk = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			if ds, ok := t["datasource"].(map[string]any); ok {
				if kind, ok := ds["kind"].(string); ok && kind != "" {
					name, _ := ds["name"].(string)
					out = append(out, selector{kind: kind, name: name, place: place})
				}
			}
			for _, child := range t {
				walk(child)
			}
		case []any:
			for _, child := range t {
				walk(child)
			}
		}
	}
	walk(p.Spec)
	return out
}

// ListsWork says whether the datasource list of a scope (project "" for the global one) holds the
// datasource name, which a GET found. An empty list of dashboards proves nothing by itself: Perses
// v0.54.0's file database answers every list with [] when its folder path has a capital letter.
// A scope whose list holds a datasource the server has is not affected.
func ListsWork(ctx context.Context, c *client.Client, project, name string) (bool, error) {
	list, err := c.ListDatasources(ctx, project, client.DatasourceFilter{NamePrefix: name})
	if err != nil {
		return false, err
	}
	for _, ds := range list {
		if strings.EqualFold(ds.Metadata.Name, name) {
			return true, nil
		}
	}
	return false, nil
}

// maxListed bounds the list of uses in messages; the rest is counted.
const maxListed = 20

// Count is n in words: "1 dashboard", "3 dashboards".
func Count(n int) string {
	if n == 1 {
		return "1 dashboard"
	}
	return fmt.Sprintf("%d dashboards", n)
}

// List writes one use a line, up to 20, then how many more.
func List(uses []Use) string {
	var b strings.Builder
	for i, u := range uses {
		if i == maxListed {
			fmt.Fprintf(&b, "  ... and %d more\n", len(uses)-maxListed)
			break
		}
		fmt.Fprintf(&b, "  - %s\n", u)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
