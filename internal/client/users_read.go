package client

import (
	"context"
	"net/http"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// GetUser reads one user (Perses never answers its password). A missing one satisfies
// ErrNotFound. A server whose database is not case-sensitive finds "alice" for "Alice" and
// answers the stored spelling.
func (c *Client) GetUser(ctx context.Context, name string) (*v1.User, error) {
	if err := checkName("user", name); err != nil {
		return nil, err
	}
	out := &v1.User{}
	if err := c.do(ctx, &request{method: http.MethodGet, path: apiPath("users", name), out: out, resend: true}); err != nil {
		return nil, err
	}
	return out, nil
}
