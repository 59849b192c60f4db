package client

import (
	"context"
	"net/http"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// Health calls GET /api/v1/health. Perses serves it without authentication,
// but a native login or an OAuth token is obtained first, so a wrong password
// or client secret shows up here (a static token is not checked).
func (c *Client) Health(ctx context.Context) (*v1.Health, error) {
	out := &v1.Health{}
	if err := c.do(ctx, &request{method: http.MethodGet, path: apiPath("health"), out: out, resend: true}); err != nil {
		return nil, err
	}
	return out, nil
}
