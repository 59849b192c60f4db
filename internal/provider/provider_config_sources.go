package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// where says where a setting came from, for messages.
func (s setting) where() string {
	if s.env {
		return "the environment variable " + s.source
	}
	return s.source + " in the provider block"
}

// oneOf resolves two forms of the same setting (token and token_file, ca_cert_pem and
// ca_cert_file): the provider block wins over the environment as for any attribute, so a form
// in the block hides the other form's variable; both forms at the same level conflict.
func (r *resolver) oneOf(a, b setting) (setting, setting) {
	if !a.set() || !b.set() {
		return a, b
	}
	switch {
	case a.env && !b.env:
		return setting{path: a.path, source: a.path.String()}, b
	case b.env && !a.env:
		return a, setting{path: b.path, source: b.path.String()}
	}
	r.diags.Append(diagnostics.AttributeError(b.path, "Conflicting Settings",
		fmt.Sprintf("%s and %s are both set, and they are two forms of the same setting.", a.where(), b.where()),
		fmt.Sprintf("Keep only one of %s and %s.", a.source, b.source)))
	return a, setting{path: b.path, source: b.path.String()}
}

type authMode struct {
	name    string
	path    path.Path
	sources []setting
}

func (m authMode) describe() string {
	parts := make([]string, len(m.sources))
	for i, s := range m.sources {
		parts[i] = s.where()
	}
	return m.name + " (from " + strings.Join(parts, " and ") + ")"
}

func (r *resolver) resolveAuth(ctx context.Context, m providerModel, cfg *client.Config) {
	token := r.str(m.Token, path.Root("token"), envToken)
	tokenFile := r.str(m.TokenFile, path.Root("token_file"), envTokenFile)
	token, tokenFile = r.oneOf(token, tokenFile)
	username := r.str(m.Username, path.Root("username"), envUsername)
	password := r.str(m.Password, path.Root("password"), envPassword)
	oauth, oauthSources := r.resolveOAuth(ctx, m)

	var used []authMode
	if token.set() {
		used = append(used, authMode{"token", token.path, []setting{token}})
	}
	if tokenFile.set() {
		used = append(used, authMode{"token_file", tokenFile.path, []setting{tokenFile}})
	}
	if username.set() || password.set() {
		md := authMode{name: "username + password", path: username.path}
		for _, s := range []setting{username, password} {
			if s.set() {
				md.sources = append(md.sources, s)
			}
		}
		used = append(used, md)
	}
	if len(oauthSources) > 0 {
		used = append(used, authMode{"oauth", path.Root("oauth"), oauthSources})
	}
	if len(used) > 1 {
		names := make([]string, len(used))
		for i, md := range used {
			names[i] = md.describe()
		}
		r.diags.Append(diagnostics.AttributeError(used[1].path, "Conflicting Authentication Settings",
			"Only one authentication mode can be used, but "+strings.Join(names, " and ")+" are set.",
			"Keep exactly one of: token or token_file, username + password, or oauth (or none for a server with authentication off). "+
				"Remove the other attributes from the provider block, or unset the other environment variables."))
		return
	}
	switch {
	case token.set():
		cfg.Token = token.value
	case tokenFile.set():
		if !r.offline {
			if _, err := client.ReadTokenFile(tokenFile.value); err != nil {
				r.diags.Append(diagnostics.AttributeErrorCause(tokenFile.path, "Unreadable Token File",
					fmt.Sprintf("%s is %q, which cannot be used as a token file.", tokenFile.source, tokenFile.value),
					"Give the path of a readable file holding the bearer token alone (for a Kubernetes service account, the path of its projected token).", err))
			}
		}
		cfg.TokenFile = tokenFile.value
	case username.set() || password.set():
		if !username.set() && !username.unknown && !r.offline {
			r.diags.Append(diagnostics.AttributeError(username.path, "Missing Username",
				fmt.Sprintf("%s is set but neither username nor %s is: native login needs both.", password.where(), envUsername),
				"Set username (or "+envUsername+") to the login of the Perses user, or remove the password."))
		}
		if !password.set() && !password.unknown && !r.offline {
			r.diags.Append(diagnostics.AttributeError(password.path, "Missing Password",
				fmt.Sprintf("%s is set but neither password nor %s is: native login needs both.", username.where(), envPassword),
				"Set password (or "+envPassword+") for that user, or use token instead."))
		}
		cfg.Username, cfg.Password = username.value, password.value
	case len(oauthSources) > 0:
		cfg.OAuth = oauth
	}
}
