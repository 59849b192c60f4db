package client

import (
	"context"
	"errors"
	"net/http"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// ListDashboards lists the dashboards of a project, or with project "" those of every project
// the credentials may read (GET /api/v1/dashboards: with authorization on, Perses silently leaves
// out the projects the user cannot read). Perses' file database may wrongly answer an empty list
// (see the facts file): an empty answer proves nothing by itself.
func (c *Client) ListDashboards(ctx context.Context, project string) ([]*v1.Dashboard, error) {
	path := apiPath("dashboards")
	if project != "" {
		if err := checkName("project", project); err != nil {
			return nil, err
		}
		path = apiPath("projects", project, "dashboards")
	}
	list := []*v1.Dashboard{}
	if err := c.do(ctx, &request{method: http.MethodGet, path: path, out: &list, resend: true}); err != nil {
		return nil, err
	}
	return list, nil
}

// CreateDashboard creates d in its project and returns what Perses stored.
func (c *Client) CreateDashboard(ctx context.Context, d *v1.Dashboard) (*v1.Dashboard, error) {
	if d == nil {
		return nil, errors.New("nil dashboard")
	}
	if err := checkName("dashboard", d.Metadata.Name); err != nil {
		return nil, err
	}
	if err := checkName("project", d.Metadata.Project); err != nil {
		return nil, err
	}
	wire := *d
	wire.Kind = v1.KindDashboard
	out := &v1.Dashboard{}
	req := &request{method: http.MethodPost, path: apiPath("projects", d.Metadata.Project, "dashboards"), body: &wire, out: out}
	if err := c.do(ctx, req); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteDashboard deletes a dashboard; a missing one satisfies ErrNotFound.
func (c *Client) DeleteDashboard(ctx context.Context, project, name string) error {
	if err := checkName("dashboard", name); err != nil {
		return err
	}
	if err := checkName("project", project); err != nil {
		return err
	}
	return c.do(ctx, &request{method: http.MethodDelete, path: apiPath("projects", project, "dashboards", name), resend: true})
}
