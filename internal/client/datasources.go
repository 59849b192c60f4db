package client

import (
	"context"
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

// Datasources of both scopes go through one API (see scoped): project "" (or an empty
// Metadata.Project) is the global scope (/api/v1/globaldatasources, wire kind GlobalDatasource),
// anything else /api/v1/projects/{project}/datasources (wire kind Datasource). In memory both are
// *v1.Datasource; a global one has an empty Metadata.Project and Kind GlobalDatasource.

// GetDatasource reads one datasource; project "" means a global datasource,
// returned with an empty Metadata.Project and Kind GlobalDatasource. A missing
// datasource, or a missing project, satisfies ErrNotFound.
func (c *Client) GetDatasource(ctx context.Context, project, name string) (*v1.Datasource, error) {
	return datasources.in(project).get(ctx, c, name)
}

// ListDatasources lists the datasources of a scope (project "" for the global
// ones). Perses' file database may wrongly answer an empty list (see the facts
// file): never conclude from a list alone that an object is gone.
func (c *Client) ListDatasources(ctx context.Context, project string, f DatasourceFilter) ([]*v1.Datasource, error) {
	return datasources.in(project).list(ctx, c, f.query())
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
// back (see create): with the spec sent it is reported as created. A refusal
// because another datasource is the default of its kind and scope is a
// *DefaultConflictError.
func (c *Client) CreateDatasource(ctx context.Context, ds *v1.Datasource) (*v1.Datasource, error) {
	s, name, err := datasources.of(ds)
	if err != nil {
		return nil, err
	}
	out, _, err := s.create(ctx, c, ds, name, func(got *v1.Datasource) bool { return sameJSON(got.Spec, ds.Spec) })
	return out, defaultConflictOf(err)
}

// UpdateDatasource replaces the datasource named ds.Metadata.Name in the scope
// of ds.Metadata.Project. Perses ignores metadata.version (no optimistic locking).
// A refusal because another datasource is the default of its kind and scope is a
// *DefaultConflictError.
func (c *Client) UpdateDatasource(ctx context.Context, ds *v1.Datasource) (*v1.Datasource, error) {
	s, name, err := datasources.of(ds)
	if err != nil {
		return nil, err
	}
	out, err := s.update(ctx, c, ds, name)
	return out, defaultConflictOf(err)
}

// DeleteDatasource deletes a datasource (Perses answers 204). A missing one
// satisfies ErrNotFound, except when an earlier attempt of this same call may
// have deleted it: that counts as success.
func (c *Client) DeleteDatasource(ctx context.Context, project, name string) error {
	return datasources.in(project).delete(ctx, c, name)
}

// ValidateDatasource asks Perses to validate ds without storing it
// (POST /api/validate/datasources or /api/validate/globaldatasources): plugin
// schema and proxy checks, not the one-default-per-kind rule. A rejection
// satisfies ErrValidation and carries the server's message.
func (c *Client) ValidateDatasource(ctx context.Context, ds *v1.Datasource) error {
	s, _, err := datasources.of(ds)
	if err != nil {
		return err
	}
	return s.validate(ctx, c, ds)
}
