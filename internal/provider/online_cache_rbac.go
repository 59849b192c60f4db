package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

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

// loginProviders reads the server's login configuration, once per run.
func (o *onlineCache) loginProviders(ctx context.Context, c *client.Client) (*client.LoginProviders, error) {
	return o.rbac.loginProviders.get(func() (*client.LoginProviders, error) { return c.GetLoginProviders(ctx) })
}

// externalLogins returns the OIDC and OAuth providers of the server, once per run.
func (o *onlineCache) externalLogins(ctx context.Context, c *client.Client) ([]string, error) {
	p, err := o.loginProviders(ctx, c)
	if err != nil {
		return nil, err
	}
	return p.External, nil
}

// checkAuthEnabled: Perses serves roles and role bindings only with auth on (without it their
// routes answer 404, and nothing would check permissions anyway). It stores users with auth off,
// but nobody can log in as them (the login route answers 404). A failed read of the
// configuration says nothing: the apply's own answer will.
func checkAuthEnabled(ctx context.Context, data *providerData, s scope) diag.Diagnostics {
	var diags diag.Diagnostics
	if data == nil || data.client == nil {
		return diags
	}
	p, err := data.online.loginProviders(ctx, data.client)
	if err != nil || p.AuthEnabled {
		return diags
	}
	problem := fmt.Sprintf("it has no %ss (their API answers 404), and grants every request anyway.", s.noun())
	if s.object == userObject {
		problem = "it stores users, but nobody can log in as them (its login API answers 404), and it grants every request anyway."
	}
	diags.Append(diagnostics.Error("Perses Auth Is Off",
		"The Perses server runs with auth off (security.enable_auth: false): "+problem,
		"Turn auth on in the Perses configuration (security.enable_auth: true, with an authentication provider), or remove the "+s.typeName()+" resources from this configuration.", nil))
	return diags
}

// checkSignUpEnabled: a user can be created only while the server lets anyone sign up (see
// client.LoginProviders.SignUpDisabled). A failed read of the configuration says nothing.
func checkSignUpEnabled(ctx context.Context, data *providerData, name string) diag.Diagnostics {
	var diags diag.Diagnostics
	if data == nil || data.client == nil {
		return diags
	}
	p, err := data.online.loginProviders(ctx, data.client)
	if err != nil || !p.SignUpDisabled {
		return diags
	}
	diags.Append(diagnostics.AttributeError(path.Root("name"), "Perses Sign-Up Is Disabled",
		fmt.Sprintf("This plan creates user %q, but the Perses server runs with security.authentication.disable_sign_up: true, which removes "+
			"the only route that creates users (POST /api/v1/users), for administrators too. Existing users can still be updated and deleted.", name),
		"Set disable_sign_up: false in the Perses configuration (anyone who reaches Perses can then sign up, with the guest permissions only), "+
			"or create the user another way (Perses' provisioning folder) and import it: terraform import perses_user.<name> "+name+"."))
	return diags
}

// externalList writes provider slugs for messages.
func externalList(slugs []string) string { return `"` + strings.Join(slugs, `", "`) + `"` }
