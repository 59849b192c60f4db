package client

import (
	"context"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

var projects = &globalKind[v1.Project]{
	object:     "project",
	collection: "projects",
	name:       func(p *v1.Project) string { return p.Metadata.Name },
	wire: func(p *v1.Project) *v1.Project {
		wire := *p
		wire.Kind = v1.KindProject
		return &wire
	},
	same: func(got, sent *v1.Project) bool { return sameJSON(got.Spec, sent.Spec) },
}

// GetProject reads one project; a missing one satisfies ErrNotFound.
func (c *Client) GetProject(ctx context.Context, name string) (*v1.Project, error) {
	return projects.get(ctx, c, name)
}

// ListProjects lists the projects whose name starts with namePrefix ("" for all)
// that the credentials may read.
func (c *Client) ListProjects(ctx context.Context, namePrefix string) ([]*v1.Project, error) {
	return projects.list(ctx, c, namePrefix)
}

// CreateProject creates p and returns what Perses stored (it answers 200 and
// may lowercase the name). When the outcome of the POST is unknown, the
// project is read back (see create): with the spec sent it is reported as created.
func (c *Client) CreateProject(ctx context.Context, p *v1.Project) (*v1.Project, error) {
	return projects.create(ctx, c, p)
}

// UpdateProject replaces the project named p.Metadata.Name.
func (c *Client) UpdateProject(ctx context.Context, p *v1.Project) (*v1.Project, error) {
	return projects.update(ctx, c, p)
}

// DeleteProject deletes a project, and with it everything it contains
// (datasources included). A missing one satisfies ErrNotFound, except when an
// earlier attempt of this same call may have deleted it: that counts as success.
func (c *Client) DeleteProject(ctx context.Context, name string) error {
	return projects.delete(ctx, c, name)
}
