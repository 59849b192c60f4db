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
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

const (
	envURL                 = "PERSES_URL"
	envToken               = "PERSES_TOKEN"
	envTokenFile           = "PERSES_TOKEN_FILE"
	envUsername            = "PERSES_USERNAME"
	envPassword            = "PERSES_PASSWORD"
	envOAuthClientID       = "PERSES_OAUTH_CLIENT_ID"
	envOAuthClientSecret   = "PERSES_OAUTH_CLIENT_SECRET"
	envOAuthTokenURL       = "PERSES_OAUTH_TOKEN_URL"
	envOAuthScopes         = "PERSES_OAUTH_SCOPES"
	envOAuthEndpointParams = "PERSES_OAUTH_ENDPOINT_PARAMS"
	envOAuthAuthStyle      = "PERSES_OAUTH_AUTH_STYLE"
	envOAuthCACertPEM      = "PERSES_OAUTH_CA_CERT_PEM"
	envOAuthCACertFile     = "PERSES_OAUTH_CA_CERT_FILE"
	envCACertPEM           = "PERSES_CA_CERT_PEM"
	envCACertFile          = "PERSES_CA_CERT_FILE"
	envClientCertPEM       = "PERSES_CLIENT_CERT_PEM"
	envClientCertFile      = "PERSES_CLIENT_CERT_FILE"
	envClientKeyPEM        = "PERSES_CLIENT_KEY_PEM"
	envClientKeyFile       = "PERSES_CLIENT_KEY_FILE"
	envInsecureSkipVerify  = "PERSES_INSECURE_SKIP_VERIFY"
	envHeaders             = "PERSES_HEADERS"
	envRequestTimeout      = "PERSES_REQUEST_TIMEOUT"
	envMaxRetries          = "PERSES_MAX_RETRIES"

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
	env     bool // the value comes from the environment variable named by source
}

func (s setting) set() bool { return s.value != "" }

// resolver merges the provider block with the environment attribute by attribute, as the
// Grafana provider does: a value in the provider block wins over its environment variable, and
// an attribute the block leaves out falls back to its variable (username in the block and
// PERSES_PASSWORD from a Terraform Cloud sensitive variable). Only one authentication mode may
// result; a conflict names where each value came from (see provider_config_sources.go).
type resolver struct {
	getenv func(string) string
	// offline: ValidateConfig, without the environment: a value missing from the block may still
	// come from a variable, and files are not read (they may only exist where the plan runs).
	offline bool
	diags   diag.Diagnostics
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
			return setting{value: e, source: env, path: attr, env: true}
		}
	}
	return setting{path: attr, source: attr.String()}
}

// resolveConfig turns the provider block plus the environment into a client configuration.
// requireURL is false during ValidateConfig, which runs without the environment of the apply.
func resolveConfig(ctx context.Context, m providerModel, getenv func(string) string, requireURL bool) (client.Config, bool, diag.Diagnostics) {
	r := &resolver{getenv: getenv, offline: !requireURL}
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
