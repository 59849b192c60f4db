package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

func projectToWire(p *v1.Project) *v1.Project {
	wire := *p
	wire.Kind = v1.KindProject
	return &wire
}

func checkProject(p *v1.Project) error {
	if p == nil {
		return errors.New("nil project")
	}
	return checkName("project", p.Metadata.Name)
}

// GetProject reads one project; a missing one satisfies ErrNotFound.
func (c *Client) GetProject(ctx context.Context, name string) (*v1.Project, error) {
	if err := checkName("project", name); err != nil {
		return nil, err
	}
	out := &v1.Project{}
	if err := c.do(ctx, &request{method: http.MethodGet, path: apiPath("projects", name), out: out, resend: true}); err != nil {
		return nil, err
	}
	return out, nil
}

// ListProjects lists the projects whose name starts with namePrefix ("" for all)
// that the credentials may read.
func (c *Client) ListProjects(ctx context.Context, namePrefix string) ([]*v1.Project, error) {
	query := url.Values{}
	if namePrefix != "" {
		query.Set("name", namePrefix)
	}
	list := []*v1.Project{}
	if err := c.do(ctx, &request{method: http.MethodGet, path: apiPath("projects"), query: query, out: &list, resend: true}); err != nil {
		return nil, err
	}
	return list, nil
}

// CreateProject creates p and returns what Perses stored (it answers 200 and
// may lowercase the name). When the outcome of the POST is unknown, the
// project is read back (see create): with the spec sent it is reported as created.
func (c *Client) CreateProject(ctx context.Context, p *v1.Project) (*v1.Project, error) {
	if err := checkProject(p); err != nil {
		return nil, err
	}
	out := &v1.Project{}
	var found *v1.Project
	check := func(ctx context.Context) (bool, error) {
		got, err := c.GetProject(ctx, p.Metadata.Name)
		if err != nil {
			return false, err
		}
		if !sameJSON(got.Spec, p.Spec) {
			return false, nil
		}
		found = got
		return true, nil
	}
	req := &request{method: http.MethodPost, path: apiPath("projects"), body: projectToWire(p), out: out}
	if err := c.create(ctx, req, p.Metadata.Name, check); err != nil {
		return nil, err
	}
	if found != nil {
		return found, nil
	}
	return out, nil
}

// UpdateProject replaces the project named p.Metadata.Name.
func (c *Client) UpdateProject(ctx context.Context, p *v1.Project) (*v1.Project, error) {
	if err := checkProject(p); err != nil {
		return nil, err
	}
	out := &v1.Project{}
	req := &request{method: http.MethodPut, path: apiPath("projects", p.Metadata.Name), body: projectToWire(p), out: out, resend: true}
	if err := c.do(ctx, req); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteProject deletes a project, and with it everything it contains
// (datasources included). A missing one satisfies ErrNotFound, except when an
// earlier attempt of this same call may have deleted it: that counts as success.
func (c *Client) DeleteProject(ctx context.Context, name string) error {
	if err := checkName("project", name); err != nil {
		return err
	}
	return c.do(ctx, &request{method: http.MethodDelete, path: apiPath("projects", name), resend: true})
}
