package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// DatasourceFilter narrows ListDatasources. Zero fields do not filter.
type DatasourceFilter struct {
	// Kind is the exact plugin kind (query parameter kind=).
	Kind string
	// Default keeps only the datasources whose default flag has this value (default=).
	Default *bool
	// NamePrefix keeps the names starting with it (name=).
	NamePrefix string
}

// Datasources of both scopes go through one API: project "" (or an empty
// Metadata.Project) is the global scope (/api/v1/globaldatasources, wire kind
// GlobalDatasource), anything else /api/v1/projects/{project}/datasources
// (wire kind Datasource). In memory both are *v1.Datasource; a global one has
// an empty Metadata.Project and Kind GlobalDatasource.

func datasourcePath(project string, name ...string) string {
	if project == "" {
		return apiPath(append([]string{"globaldatasources"}, name...)...)
	}
	return apiPath(append([]string{"projects", project, "datasources"}, name...)...)
}

func datasourceToWire(ds *v1.Datasource) any {
	if ds.Metadata.Project == "" {
		return &v1.GlobalDatasource{Kind: v1.KindGlobalDatasource, Metadata: ds.Metadata.Metadata, Spec: ds.Spec}
	}
	wire := *ds
	wire.Kind = v1.KindDatasource
	return &wire
}

func globalToDatasource(g *v1.GlobalDatasource) *v1.Datasource {
	return &v1.Datasource{
		Kind:     v1.KindGlobalDatasource,
		Metadata: v1.ProjectMetadata{Metadata: g.Metadata},
		Spec:     g.Spec,
	}
}

func checkDatasource(ds *v1.Datasource) error {
	if ds == nil {
		return errors.New("nil datasource")
	}
	if err := checkName("datasource", ds.Metadata.Name); err != nil {
		return err
	}
	if ds.Metadata.Project != "" {
		return checkName("project", ds.Metadata.Project)
	}
	return nil
}

// GetDatasource reads one datasource; project "" means a global datasource,
// returned with an empty Metadata.Project and Kind GlobalDatasource. A missing
// datasource, or a missing project, satisfies ErrNotFound.
func (c *Client) GetDatasource(ctx context.Context, project, name string) (*v1.Datasource, error) {
	if err := checkDatasource(&v1.Datasource{Metadata: *v1.NewProjectMetadata(project, name)}); err != nil {
		return nil, err
	}
	req := &request{method: http.MethodGet, path: datasourcePath(project, name), resend: true}
	if project == "" {
		out := &v1.GlobalDatasource{}
		req.out = out
		if err := c.do(ctx, req); err != nil {
			return nil, err
		}
		return globalToDatasource(out), nil
	}
	out := &v1.Datasource{}
	req.out = out
	if err := c.do(ctx, req); err != nil {
		return nil, err
	}
	return out, nil
}

// ListDatasources lists the datasources of a scope (project "" for the global
// ones). Perses' file database may wrongly answer an empty list (see the facts
// file): never conclude from a list alone that an object is gone.
func (c *Client) ListDatasources(ctx context.Context, project string, f DatasourceFilter) ([]*v1.Datasource, error) {
	if project != "" {
		if err := checkName("project", project); err != nil {
			return nil, err
		}
	}
	req := &request{method: http.MethodGet, path: datasourcePath(project), query: f.query(), resend: true}
	if project == "" {
		var out []*v1.GlobalDatasource
		req.out = &out
		if err := c.do(ctx, req); err != nil {
			return nil, err
		}
		list := make([]*v1.Datasource, 0, len(out))
		for _, g := range out {
			list = append(list, globalToDatasource(g))
		}
		return list, nil
	}
	list := []*v1.Datasource{}
	req.out = &list
	if err := c.do(ctx, req); err != nil {
		return nil, err
	}
	return list, nil
}

// ListDatasourcesOfAllProjects lists the project datasources of every project the credentials may
// read (GET /api/v1/datasources), filtered like ListDatasources. The same caution applies: never
// conclude from this list alone that a datasource is gone.
func (c *Client) ListDatasourcesOfAllProjects(ctx context.Context, f DatasourceFilter) ([]*v1.Datasource, error) {
	list := []*v1.Datasource{}
	req := &request{method: http.MethodGet, path: apiPath("datasources"), query: f.query(), out: &list, resend: true}
	if err := c.do(ctx, req); err != nil {
		return nil, err
	}
	return list, nil
}

func (f DatasourceFilter) query() url.Values {
	query := url.Values{}
	if f.Kind != "" {
		query.Set("kind", f.Kind)
	}
	if f.Default != nil {
		query.Set("default", strconv.FormatBool(*f.Default))
	}
	if f.NamePrefix != "" {
		query.Set("name", f.NamePrefix)
	}
	return query
}

// CreateDatasource creates ds in the scope of ds.Metadata.Project and returns
// what Perses stored (Perses answers 200, and may lowercase the name and
// project). When the outcome of the POST is unknown, the datasource is read
// back (see create): with the spec sent it is reported as created.
func (c *Client) CreateDatasource(ctx context.Context, ds *v1.Datasource) (*v1.Datasource, error) {
	if err := checkDatasource(ds); err != nil {
		return nil, err
	}
	project, name := ds.Metadata.Project, ds.Metadata.Name
	var result *v1.Datasource
	req := &request{method: http.MethodPost, path: datasourcePath(project), body: datasourceToWire(ds)}
	var globalOut *v1.GlobalDatasource
	var projectOut *v1.Datasource
	if project == "" {
		globalOut = &v1.GlobalDatasource{}
		req.out = globalOut
	} else {
		projectOut = &v1.Datasource{}
		req.out = projectOut
	}
	check := func(ctx context.Context) (bool, error) {
		got, err := c.GetDatasource(ctx, project, name)
		if err != nil {
			return false, err
		}
		if !sameJSON(got.Spec, ds.Spec) {
			return false, nil
		}
		result = got
		return true, nil
	}
	if err := c.create(ctx, req, name, check); err != nil {
		return nil, err
	}
	switch {
	case result != nil:
		return result, nil
	case globalOut != nil:
		return globalToDatasource(globalOut), nil
	default:
		return projectOut, nil
	}
}

// UpdateDatasource replaces the datasource named ds.Metadata.Name in the scope
// of ds.Metadata.Project. Perses ignores metadata.version (no optimistic locking).
func (c *Client) UpdateDatasource(ctx context.Context, ds *v1.Datasource) (*v1.Datasource, error) {
	if err := checkDatasource(ds); err != nil {
		return nil, err
	}
	project := ds.Metadata.Project
	req := &request{method: http.MethodPut, path: datasourcePath(project, ds.Metadata.Name), body: datasourceToWire(ds), resend: true}
	if project == "" {
		out := &v1.GlobalDatasource{}
		req.out = out
		if err := c.do(ctx, req); err != nil {
			return nil, err
		}
		return globalToDatasource(out), nil
	}
	out := &v1.Datasource{}
	req.out = out
	if err := c.do(ctx, req); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteDatasource deletes a datasource (Perses answers 204). A missing one
// satisfies ErrNotFound, except when an earlier attempt of this same call may
// have deleted it: that counts as success.
func (c *Client) DeleteDatasource(ctx context.Context, project, name string) error {
	if err := checkDatasource(&v1.Datasource{Metadata: *v1.NewProjectMetadata(project, name)}); err != nil {
		return err
	}
	return c.do(ctx, &request{method: http.MethodDelete, path: datasourcePath(project, name), resend: true})
}

// ValidateDatasource asks Perses to validate ds without storing it
// (POST /api/validate/datasources or /api/validate/globaldatasources): plugin
// schema and proxy checks, not the one-default-per-kind rule. A rejection
// satisfies ErrValidation and carries the server's message.
func (c *Client) ValidateDatasource(ctx context.Context, ds *v1.Datasource) error {
	if err := checkDatasource(ds); err != nil {
		return err
	}
	path := "/api/validate/globaldatasources"
	if ds.Metadata.Project != "" {
		path = "/api/validate/datasources"
	}
	// A dry run: safe to resend.
	return c.do(ctx, &request{method: http.MethodPost, path: path, body: datasourceToWire(ds), resend: true})
}
