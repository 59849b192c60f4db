package provider

import (
	"context"
	"errors"
	"strings"

	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
)

// datasourceList is one list of a scope's datasources, by the name the server stores.
type datasourceList map[string]*v1.Datasource

// readDatasource reads one datasource for a refresh. A refresh of N datasources would otherwise
// cost N GETs per plan; here it costs one list per scope per provider process (one plan), shared
// by every resource of that scope and dropped when this process writes to the scope.
//
// A list is only trusted for what it holds: a datasource missing from it is read with a GET
// before anyone concludes it is gone, because an upstream bug can make lists answer [] (see
// DESIGN.md), and because the name in the state may differ from the stored one by case (a server
// with case_sensitive false stores "Prom" as "prom"; only the server knows which mode it runs,
// and its GET applies it). A list under a project that does not exist fails with
// client.ErrProjectNotFound: then every datasource of that project is gone, with no GET.
func (o *onlineCache) readDatasource(ctx context.Context, c *client.Client, project, name string) (*v1.Datasource, error) {
	list, err := o.datasourceList(ctx, c, project)
	switch {
	case errors.Is(err, client.ErrProjectNotFound):
		return nil, err
	case err == nil:
		if ds, ok := list[name]; ok {
			return ds, nil
		}
	case errors.Is(err, client.ErrForbidden):
		// Credentials that may read a datasource but not list its scope: the GET decides.
	default:
		return nil, err
	}
	return c.GetDatasource(ctx, project, name)
}

// datasourceList returns the datasources of a scope (project "" = global), listed at most once
// until a write of this process to that scope. Concurrent refreshes wait for the one request.
// The scope is keyed by the project's spelling in the state: a case-sensitive server may hold
// both "Team" and "team".
func (o *onlineCache) datasourceList(ctx context.Context, c *client.Client, project string) (datasourceList, error) {
	o.mu.Lock()
	if o.lists == nil {
		o.lists = map[string]*cached[datasourceList]{}
	}
	entry, ok := o.lists[project]
	if !ok {
		entry = &cached[datasourceList]{}
		o.lists[project] = entry
	}
	o.mu.Unlock()
	return entry.get(func() (datasourceList, error) {
		items, err := c.ListDatasources(ctx, project, client.DatasourceFilter{})
		if err != nil {
			return nil, err
		}
		list := make(datasourceList, len(items))
		for _, ds := range items {
			list[ds.Metadata.Name] = ds
		}
		return list, nil
	})
}

// forgetDatasourceScope drops what this process read about a scope's datasources (the list and
// the current default of kind), after a write to that scope: a later read must see the write.
func (o *onlineCache) forgetDatasourceScope(project, kind string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for scope := range o.lists {
		// "Team" and "team" are one project on a server with case_sensitive false.
		if strings.EqualFold(scope, project) {
			delete(o.lists, scope)
		}
	}
	for key := range o.defaults {
		if key.kind == kind && strings.EqualFold(key.project, project) {
			delete(o.defaults, key)
		}
	}
}
