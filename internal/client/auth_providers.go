package client

import (
	"context"
	"net/http"
)

// LoginProviders is what the server's configuration says about where its users come from.
type LoginProviders struct {
	// AuthEnabled is security.enable_auth. Without it Perses serves no route of roles and role
	// bindings (they answer 404): RBAC objects only exist on a server with auth on.
	AuthEnabled bool
	// External are the slug IDs of the OIDC and OAuth providers. Perses creates the User of such
	// a provider at its first login (the auth service's syncUser), so a user missing now may
	// appear later.
	External []string
	// SignUpDisabled is security.authentication.disable_sign_up: Perses then serves no
	// POST /api/v1/users at all (the sign-up route is the only one that creates users, for
	// administrators too), while users can still be read, updated and deleted.
	SignUpDisabled bool
}

// serverConfig is the part of GET /api/config (Perses' config.Config, served to anyone, secrets
// hidden) that the provider reads.
type serverConfig struct {
	Security struct {
		EnableAuth     bool `json:"enable_auth"`
		Authentication struct {
			DisableSignUp bool `json:"disable_sign_up"`
			Providers     struct {
				OAuth []struct {
					SlugID string `json:"slug_id"`
				} `json:"oauth"`
				OIDC []struct {
					SlugID string `json:"slug_id"`
				} `json:"oidc"`
			} `json:"providers"`
		} `json:"authentication"`
	} `json:"security"`
}

// GetLoginProviders reads the login providers of the server's configuration.
func (c *Client) GetLoginProviders(ctx context.Context) (*LoginProviders, error) {
	var cfg serverConfig
	if err := c.do(ctx, &request{method: http.MethodGet, path: joinPath("/api", "config"), out: &cfg, resend: true}); err != nil {
		return nil, err
	}
	out := &LoginProviders{AuthEnabled: cfg.Security.EnableAuth, SignUpDisabled: cfg.Security.Authentication.DisableSignUp}
	for _, p := range cfg.Security.Authentication.Providers.OIDC {
		out.External = append(out.External, p.SlugID)
	}
	for _, p := range cfg.Security.Authentication.Providers.OAuth {
		out.External = append(out.External, p.SlugID)
	}
	return out, nil
}
