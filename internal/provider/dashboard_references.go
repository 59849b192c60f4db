package provider

import (
	"fmt"
	"sort"
	"strings"

	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/spec/go/dashboard"
	dsspec "github.com/perses/spec/go/datasource"
	"github.com/perses/spec/go/plugin"
)

// Which dashboards use a datasource, by the rules the Perses UI resolves a datasource selector
// ({kind, name} in a query, variable or annotation plugin spec) with: the selector's kind must be
// the datasource's plugin kind; a name is looked up (ignoring case) in the dashboard's own
// datasources, then its project's, then the global ones; no name means the default datasource of
// that kind, looked up in the same order. A name that is a variable ($ds) is chosen when the
// dashboard is viewed: it names no datasource here.

// usedDatasource is the datasource whose users are sought.
type usedDatasource struct {
	project   string // "" for a global datasource
	name      string
	kind      string // the plugin kind, e.g. PrometheusDatasource
	isDefault bool
}

// projectShadow says which datasources of a project hide a global datasource of the same kind
// from that project's dashboards.
type projectShadow struct {
	sameName   bool // a project datasource of the same name
	hasDefault bool // a default project datasource
}

// dashboardUse is one dashboard that uses the datasource, and where.
type dashboardUse struct {
	project, name string
	places        []string // e.g. `panel "cpu" query 1`, `variable "job"`
}

func (u dashboardUse) String() string {
	return u.project + "/" + u.name + " (" + strings.Join(u.places, ", ") + ")"
}

// shadowsOf indexes the project datasources of the used datasource's kind by project (lowercased,
// as the server compares them by default).
func shadowsOf(used usedDatasource, projectDatasources []*v1.Datasource) map[string]projectShadow {
	shadows := map[string]projectShadow{}
	for _, ds := range projectDatasources {
		if ds.Spec.Plugin.Kind != used.kind {
			continue
		}
		key := strings.ToLower(ds.Metadata.Project)
		s := shadows[key]
		s.sameName = s.sameName || strings.EqualFold(ds.Metadata.Name, used.name)
		s.hasDefault = s.hasDefault || ds.Spec.Default
		shadows[key] = s
	}
	return shadows
}

// findDashboardUses returns the dashboards that use the datasource, sorted by project and name.
// shadows (for a global datasource) says which projects hide it; nil for a project datasource.
func findDashboardUses(used usedDatasource, dashboards []*v1.Dashboard, shadows map[string]projectShadow) []dashboardUse {
	var uses []dashboardUse
	for _, d := range dashboards {
		if used.project != "" && !strings.EqualFold(d.Metadata.Project, used.project) {
			continue
		}
		shadow := shadows[strings.ToLower(d.Metadata.Project)]
		var places []string
		for _, s := range dashboardSelectors(d) {
			if resolvesTo(used, s, d.Spec.Datasources, shadow) {
				places = appendOnce(places, s.place)
			}
		}
		if len(places) > 0 {
			uses = append(uses, dashboardUse{project: d.Metadata.Project, name: d.Metadata.Name, places: places})
		}
	}
	sort.Slice(uses, func(i, j int) bool {
		if uses[i].project != uses[j].project {
			return uses[i].project < uses[j].project
		}
		return uses[i].name < uses[j].name
	})
	return uses
}

func appendOnce(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

// selector is one datasource selector found in a dashboard, and where.
type selector struct {
	kind, name string
	place      string
}

// resolvesTo says whether the selector, in a dashboard with these own datasources and in a
// project with this shadow, designates the used datasource.
func resolvesTo(used usedDatasource, s selector, local map[string]*dsspec.Spec, shadow projectShadow) bool {
	if s.kind != used.kind || strings.HasPrefix(s.name, "$") {
		return false
	}
	if s.name != "" {
		if !strings.EqualFold(s.name, used.name) {
			return false
		}
		for localName, spec := range local {
			if spec != nil && spec.Plugin.Kind == s.kind && strings.EqualFold(localName, s.name) {
				return false
			}
		}
		return used.project != "" || !shadow.sameName
	}
	if !used.isDefault {
		return false
	}
	for _, spec := range local {
		if spec != nil && spec.Plugin.Kind == s.kind && spec.Default {
			return false
		}
	}
	return used.project != "" || !shadow.hasDefault
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
