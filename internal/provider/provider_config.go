package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

const (
	envURL                = "PERSES_URL"
	envToken              = "PERSES_TOKEN"
	envUsername           = "PERSES_USERNAME"
	envPassword           = "PERSES_PASSWORD"
	envOAuthClientID      = "PERSES_OAUTH_CLIENT_ID"
	envOAuthClientSecret  = "PERSES_OAUTH_CLIENT_SECRET"
	envOAuthTokenURL      = "PERSES_OAUTH_TOKEN_URL"
	envOAuthScopes        = "PERSES_OAUTH_SCOPES"
	envCACertPEM          = "PERSES_CA_CERT_PEM"
	envClientCertPEM      = "PERSES_CLIENT_CERT_PEM"
	envClientKeyPEM       = "PERSES_CLIENT_KEY_PEM"
	envInsecureSkipVerify = "PERSES_INSECURE_SKIP_VERIFY"
	envHeaders            = "PERSES_HEADERS"
	envRequestTimeout     = "PERSES_REQUEST_TIMEOUT"
	envMaxRetries         = "PERSES_MAX_RETRIES"

	defaultRequestTimeout = 30 * time.Second
	defaultMaxRetries     = 3
	maxMaxRetries         = 10
)

func lookupEnv(name string) string { return os.Getenv(name) }

func itoa(i int) string { return strconv.Itoa(i) }

// setting is one resolved string setting: its value, where it came from (for messages) and the
// attribute it belongs to (for the diagnostic path).
type setting struct {
	value   string
	source  string // "url" or "PERSES_URL": what the user should look at
	path    path.Path
	unknown bool
}

func (s setting) set() bool { return s.value != "" }

// resolver merges the provider block with the environment. A value in configuration wins over
// its environment variable. Authentication is taken as a whole from one place: if any auth
// attribute is in the provider block, PERSES_TOKEN/USERNAME/PASSWORD/OAUTH_* are ignored, so a
// workspace-wide variable cannot silently combine with a configured mode.
type resolver struct {
	getenv func(string) string
	diags  diag.Diagnostics
	// unknown is true when a value is not known yet (it comes from another resource): the client is
	// then configured at apply, and checks that need the value are skipped.
	unknown bool
}

func (r *resolver) str(v types.String, attr path.Path, env string) setting {
	if v.IsUnknown() {
		r.unknown = true
		return setting{path: attr, source: attr.String(), unknown: true}
	}
	if !v.IsNull() {
		return setting{value: v.ValueString(), source: attr.String(), path: attr}
	}
	if env != "" && r.getenv != nil {
		if e := r.getenv(env); e != "" {
			return setting{value: e, source: env, path: attr}
		}
	}
	return setting{path: attr, source: attr.String()}
}

// resolveConfig turns the provider block plus the environment into a client configuration.
// requireURL is false during ValidateConfig, which runs without the environment of the apply.
func resolveConfig(ctx context.Context, m providerModel, getenv func(string) string, requireURL bool) (client.Config, bool, diag.Diagnostics) {
	r := &resolver{getenv: getenv}
	cfg := client.Config{}

	u := r.str(m.URL, path.Root("url"), envURL)
	switch {
	case u.unknown:
	case !u.set():
		if requireURL {
			r.diags.Append(diagnostics.AttributeError(u.path, "Missing Perses URL",
				"The provider needs the address of the Perses server, and neither `url` nor the "+envURL+" environment variable is set.",
				`Set url = "https://perses.example.com" in the provider block, or export `+envURL+`.`))
		}
	default:
		cfg.URL = r.checkHTTPURL(u, "Invalid Perses URL", `https://perses.example.com" (an API prefix path such as "https://example.com/perses" is fine)`)
	}

	r.resolveAuth(ctx, m, &cfg)
	r.resolveTLS(m, &cfg)
	r.resolveTransport(ctx, m, &cfg)
	return cfg, r.unknown, r.diags
}

func (r *resolver) checkHTTPURL(s setting, summary, example string) string {
	parsed, err := url.Parse(s.value)
	if err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "" {
		r.diags.Append(diagnostics.AttributeError(s.path, summary,
			fmt.Sprintf("%s is %q, which is not an http:// or https:// URL with a host.", s.source, s.value),
			`Write it like "`+example+`.`))
		return ""
	}
	return strings.TrimRight(s.value, "/")
}

func (r *resolver) resolveAuth(ctx context.Context, m providerModel, cfg *client.Config) {
	inConfig := !m.Token.IsNull() || !m.Username.IsNull() || !m.Password.IsNull() || !m.OAuth.IsNull()
	getenv := r.getenv
	if inConfig {
		// Authentication comes from the provider block alone.
		r.getenv = nil
	}
	defer func() { r.getenv = getenv }()

	token := r.str(m.Token, path.Root("token"), envToken)
	username := r.str(m.Username, path.Root("username"), envUsername)
	password := r.str(m.Password, path.Root("password"), envPassword)
	oauth, oauthSet := r.resolveOAuth(ctx, m)

	type mode struct {
		name string
		set  bool
		path path.Path
	}
	modes := []mode{
		{"token", token.set(), token.path},
		{"username/password", username.set() || password.set(), username.path},
		{"oauth", oauthSet, path.Root("oauth")},
	}
	var used []mode
	for _, md := range modes {
		if md.set {
			used = append(used, md)
		}
	}
	if len(used) > 1 {
		names := make([]string, len(used))
		for i, md := range used {
			names[i] = md.name
		}
		where := "the provider block sets"
		if !inConfig {
			where = "the PERSES_* environment variables set"
		}
		r.diags.Append(diagnostics.AttributeError(used[1].path, "Conflicting Authentication Settings",
			fmt.Sprintf("Only one authentication mode can be used, but %s %s.", where, strings.Join(names, " and ")),
			"Keep exactly one of: token, username + password, or oauth (or none for a server with authentication off), and remove the others."))
		return
	}
	switch {
	case token.set():
		cfg.Token = token.value
	case username.set() || password.set():
		if !username.set() && !username.unknown {
			r.diags.Append(diagnostics.AttributeError(username.path, "Missing Username",
				fmt.Sprintf("%s is set but no username is: native login needs both.", password.source),
				"Set username (or "+envUsername+") to the login of the Perses user, or remove the password."))
		}
		if !password.set() && !password.unknown {
			r.diags.Append(diagnostics.AttributeError(password.path, "Missing Password",
				fmt.Sprintf("%s is set but no password is: native login needs both.", username.source),
				"Set password (or "+envPassword+") for that user, or use token instead."))
		}
		cfg.Username, cfg.Password = username.value, password.value
	case oauthSet:
		cfg.OAuth = oauth
	}
}

func (r *resolver) resolveOAuth(ctx context.Context, m providerModel) (*client.OAuthConfig, bool) {
	var om oauthModel
	switch {
	case m.OAuth.IsUnknown():
		r.unknown = true
		return nil, false
	case !m.OAuth.IsNull():
		r.diags.Append(m.OAuth.As(ctx, &om, basetypes.ObjectAsOptions{UnhandledUnknownAsEmpty: true})...)
	default:
		om = oauthModel{ClientID: types.StringNull(), ClientSecret: types.StringNull(), TokenURL: types.StringNull(), Scopes: types.ListNull(types.StringType)}
	}
	base := path.Root("oauth")
	id := r.str(om.ClientID, base.AtName("client_id"), envOAuthClientID)
	secret := r.str(om.ClientSecret, base.AtName("client_secret"), envOAuthClientSecret)
	tokenURL := r.str(om.TokenURL, base.AtName("token_url"), envOAuthTokenURL)
	var scopes []string
	switch {
	case om.Scopes.IsUnknown():
		r.unknown = true
	case !om.Scopes.IsNull():
		r.diags.Append(om.Scopes.ElementsAs(ctx, &scopes, false)...)
	case r.getenv != nil && r.getenv(envOAuthScopes) != "":
		for _, s := range strings.Split(r.getenv(envOAuthScopes), ",") {
			if s = strings.TrimSpace(s); s != "" {
				scopes = append(scopes, s)
			}
		}
	}
	if m.OAuth.IsNull() && !id.set() && !secret.set() && !tokenURL.set() {
		return nil, false
	}
	for _, s := range []setting{id, secret, tokenURL} {
		if !s.set() && !s.unknown {
			r.diags.Append(diagnostics.AttributeError(s.path, "Incomplete OAuth Settings",
				fmt.Sprintf("The client-credentials grant needs client_id, client_secret and token_url, and %s is missing.", s.source),
				"Set oauth = { client_id = ..., client_secret = ..., token_url = \"https://...\" } or the PERSES_OAUTH_* environment variables."))
		}
	}
	out := &client.OAuthConfig{ClientID: id.value, ClientSecret: secret.value, Scopes: scopes}
	if tokenURL.set() {
		out.TokenURL = r.checkHTTPURL(tokenURL, "Invalid OAuth Token URL", `https://perses.example.com/api/auth/providers/oidc/my-idp/token"`)
	}
	return out, true
}

func (r *resolver) resolveTLS(m providerModel, cfg *client.Config) {
	ca := r.str(m.CACertPEM, path.Root("ca_cert_pem"), envCACertPEM)
	if ca.set() {
		if _, err := client.ParseCACertPEM(ca.value); err != nil {
			r.diags.Append(diagnostics.AttributeErrorCause(ca.path, "Unreadable CA Certificate",
				ca.source+" does not hold a readable PEM certificate.",
				`Give the PEM text itself, starting with "-----BEGIN CERTIFICATE-----" (e.g. ca_cert_pem = file("ca.pem")), not a file path.`, err))
		}
		cfg.CACertPEM = ca.value
	}
	cert := r.str(m.ClientCertPEM, path.Root("client_cert_pem"), envClientCertPEM)
	key := r.str(m.ClientKeyPEM, path.Root("client_key_pem"), envClientKeyPEM)
	switch {
	case cert.unknown || key.unknown:
	case cert.set() && !key.set():
		r.diags.Append(diagnostics.AttributeError(key.path, "Missing Client Key",
			cert.source+" is set but client_key_pem is not: mutual TLS needs both.",
			`Set client_key_pem = file("client-key.pem") (or `+envClientKeyPEM+`), or remove the client certificate.`))
	case key.set() && !cert.set():
		r.diags.Append(diagnostics.AttributeError(cert.path, "Missing Client Certificate",
			key.source+" is set but client_cert_pem is not: mutual TLS needs both.",
			`Set client_cert_pem = file("client.pem") (or `+envClientCertPEM+`), or remove the client key.`))
	case cert.set() && key.set():
		if _, err := client.ParseClientCertPEM(cert.value, key.value); err != nil {
			r.diags.Append(diagnostics.AttributeErrorCause(cert.path, "Unreadable Client Certificate",
				"client_cert_pem and client_key_pem do not form a readable PEM certificate and private key pair.",
				`Give the PEM texts themselves (e.g. file("client.pem") and file("client-key.pem")), the key matching the certificate.`, err))
		}
		cfg.ClientCertPEM, cfg.ClientKeyPEM = cert.value, key.value
	}
}

func (r *resolver) resolveTransport(ctx context.Context, m providerModel, cfg *client.Config) {
	switch {
	case m.InsecureSkipVerify.IsUnknown():
		r.unknown = true
	case !m.InsecureSkipVerify.IsNull():
		cfg.InsecureSkipVerify = m.InsecureSkipVerify.ValueBool()
	default:
		if e := r.getenv(envInsecureSkipVerify); e != "" {
			b, err := strconv.ParseBool(e)
			if err != nil {
				r.diags.Append(diagnostics.AttributeError(path.Root("insecure_skip_verify"), "Invalid "+envInsecureSkipVerify,
					fmt.Sprintf("%s is %q, which is not a boolean.", envInsecureSkipVerify, e), "Set it to true or false."))
			}
			cfg.InsecureSkipVerify = b
		}
	}

	switch {
	case m.Headers.IsUnknown():
		r.unknown = true
	case !m.Headers.IsNull():
		r.diags.Append(m.Headers.ElementsAs(ctx, &cfg.Headers, false)...)
	default:
		if e := r.getenv(envHeaders); e != "" {
			if err := json.Unmarshal([]byte(e), &cfg.Headers); err != nil {
				r.diags.Append(diagnostics.AttributeErrorCause(path.Root("headers"), "Invalid "+envHeaders,
					envHeaders+" is not a JSON object of strings.", `Write it like {"X-Scope-OrgID":"platform"}.`, err))
			}
		}
	}

	cfg.RequestTimeout = defaultRequestTimeout
	if t := r.str(m.RequestTimeout, path.Root("request_timeout"), envRequestTimeout); t.set() {
		d, err := time.ParseDuration(t.value)
		if err != nil || d <= 0 {
			r.diags.Append(diagnostics.AttributeError(t.path, "Invalid Request Timeout",
				fmt.Sprintf("%s is %q, which is not a positive duration.", t.source, t.value),
				`Write a Go duration such as "30s" or "2m".`))
		}
		cfg.RequestTimeout = d
	}

	cfg.MaxRetries = defaultMaxRetries
	retries := int64(-1)
	source := "max_retries"
	switch {
	case m.MaxRetries.IsUnknown():
		r.unknown = true
	case !m.MaxRetries.IsNull():
		retries = m.MaxRetries.ValueInt64()
	default:
		if e := r.getenv(envMaxRetries); e != "" {
			source = envMaxRetries
			n, err := strconv.ParseInt(e, 10, 64)
			if err != nil {
				n = -2
			}
			retries = n
		}
	}
	if retries != -1 {
		if retries < 0 || retries > maxMaxRetries {
			r.diags.Append(diagnostics.AttributeError(path.Root("max_retries"), "Invalid Max Retries",
				fmt.Sprintf("%s must be a whole number from 0 to %d.", source, maxMaxRetries),
				fmt.Sprintf("Write for example max_retries = %d.", defaultMaxRetries)))
		} else {
			cfg.MaxRetries = int(retries)
		}
	}
}

func (p *persesProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Offline: only what the provider block itself says. The environment is checked in Configure.
	_, _, diags := resolveConfig(ctx, m, func(string) string { return "" }, false)
	resp.Diagnostics.Append(diags...)
}

func (p *persesProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg, unknown, diags := resolveConfig(ctx, m, p.getenv, true)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	data := newProviderData(nil)
	if unknown {
		// A provider attribute depends on a resource not created yet. Terraform plans anyway;
		// anything that needs the server reports it (see providerData.requireClient).
		tflog.Info(ctx, "Perses provider configuration is not fully known yet; server calls are deferred to apply")
		resp.DataSourceData, resp.ResourceData, resp.ListResourceData = data, data, data
		return
	}
	cfg.UserAgent = "terraform-provider-perses/" + p.version + " (+https://github.com/perses/terraform-provider-perses)"
	cfg.Logger = tflogLogger{}
	c, err := client.New(cfg)
	if err != nil {
		resp.Diagnostics.Append(diagnostics.Error("Cannot Configure the Perses Client",
			"The provider settings were accepted but the HTTP client could not be built.",
			"Check url, the TLS settings and the authentication settings.", err))
		return
	}
	data.client = c
	resp.DataSourceData, resp.ResourceData, resp.ListResourceData = data, data, data
	if p.configured != nil {
		p.configured(data)
	}
}
