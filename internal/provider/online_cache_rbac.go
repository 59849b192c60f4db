package provider

import (
	"context"
	"strings"
	"sync"

	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
)

// userSubjectObject is the object of the users a role binding names (read only, for its checks).
const userSubjectObject = "user"

// userSubjectsScope stands for the users a binding's check reads: Perses' global User kind.
var userSubjectsScope = scope{object: userSubjectObject}

// rbacCache holds, once per run, the users the binding checks read and the server's login
// providers (see client.LoginProviders).
type rbacCache struct {
	mu             sync.Mutex
	users          map[string]*cached[*v1.User]
	loginProviders cached[*client.LoginProviders]
}

// user reads the user of that name, once per run and spelling.
func (o *onlineCache) user(ctx context.Context, c *client.Client, name string) (*v1.User, error) {
	o.rbac.mu.Lock()
	if o.rbac.users == nil {
		o.rbac.users = map[string]*cached[*v1.User]{}
	}
	entry, ok := o.rbac.users[name]
	if !ok {
		entry = &cached[*v1.User]{}
		o.rbac.users[name] = entry
	}
	o.rbac.mu.Unlock()
	return entry.get(func() (*v1.User, error) { return c.GetUser(ctx, name) })
}

// externalLogins returns the OIDC and OAuth providers of the server, once per run.
func (o *onlineCache) externalLogins(ctx context.Context, c *client.Client) ([]string, error) {
	p, err := o.rbac.loginProviders.get(func() (*client.LoginProviders, error) { return c.GetLoginProviders(ctx) })
	if err != nil {
		return nil, err
	}
	return p.External, nil
}

// externalList writes provider slugs for messages.
func externalList(slugs []string) string { return `"` + strings.Join(slugs, `", "`) + `"` }
