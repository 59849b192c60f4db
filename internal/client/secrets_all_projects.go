package client

import (
	"context"
	"net/http"
	"net/url"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// ListSecretsOfAllProjects lists the project secrets of every project the credentials may read
// (GET /api/v1/secrets) whose name starts with namePrefix, values masked, as
// ListDatasourcesOfAllProjects does for datasources. The same caution applies: never conclude
// from this list alone that a secret is gone.
func (c *Client) ListSecretsOfAllProjects(ctx context.Context, namePrefix string) ([]*v1.Secret, error) {
	query := url.Values{}
	if namePrefix != "" {
		query.Set("name", namePrefix)
	}
	list := []*v1.Secret{}
	req := &request{method: http.MethodGet, path: apiPath("secrets"), query: query, out: &list, resend: true}
	if err := c.do(ctx, req); err != nil {
		return nil, err
	}
	return list, nil
}
