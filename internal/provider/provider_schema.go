package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// providerModel is the provider block. Every attribute can also come from a PERSES_* environment
// variable, so that a Terraform Cloud or OpenTofu workspace can configure the provider without HCL.
type providerModel struct {
	URL                types.String `tfsdk:"url"`
	Token              types.String `tfsdk:"token"`
	TokenFile          types.String `tfsdk:"token_file"`
	Username           types.String `tfsdk:"username"`
	Password           types.String `tfsdk:"password"`
	OAuth              types.Object `tfsdk:"oauth"`
	CACertPEM          types.String `tfsdk:"ca_cert_pem"`
	CACertFile         types.String `tfsdk:"ca_cert_file"`
	ClientCertPEM      types.String `tfsdk:"client_cert_pem"`
	ClientCertFile     types.String `tfsdk:"client_cert_file"`
	ClientKeyPEM       types.String `tfsdk:"client_key_pem"`
	ClientKeyFile      types.String `tfsdk:"client_key_file"`
	InsecureSkipVerify types.Bool   `tfsdk:"insecure_skip_verify"`
	Headers            types.Map    `tfsdk:"headers"`
	RequestTimeout     types.String `tfsdk:"request_timeout"`
	MaxRetries         types.Int64  `tfsdk:"max_retries"`
}

type oauthModel struct {
	ClientID     types.String `tfsdk:"client_id"`
	ClientSecret types.String `tfsdk:"client_secret"`
	TokenURL     types.String `tfsdk:"token_url"`
	Scopes       types.List   `tfsdk:"scopes"`
	// EndpointParams and AuthStyle are Perses' own secret oauth.endpointParams and authStyle.
	EndpointParams types.Map    `tfsdk:"endpoint_params"`
	AuthStyle      types.Int64  `tfsdk:"auth_style"`
	CACertPEM      types.String `tfsdk:"ca_cert_pem"`
	CACertFile     types.String `tfsdk:"ca_cert_file"`
}

var oauthAttrTypes = map[string]attr.Type{
	"client_id":       types.StringType,
	"client_secret":   types.StringType,
	"token_url":       types.StringType,
	"scopes":          types.ListType{ElemType: types.StringType},
	"endpoint_params": types.MapType{ElemType: types.ListType{ElemType: types.StringType}},
	"auth_style":      types.Int64Type,
	"ca_cert_pem":     types.StringType,
	"ca_cert_file":    types.StringType,
}

func (p *persesProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manage [Perses](https://perses.dev) datasources, projects and secrets as code. " +
			"Every attribute can also be set through its `PERSES_*` environment variable; a value in the provider block wins over the variable.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Base URL of the Perses server, `http://` or `https://`, with the API prefix if the server has one " +
					"(e.g. `https://example.com/perses`). Environment variable: `" + envURL + "`. Required from one of the two.",
			},
			"token": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Bearer token (for example from `percli whoami --show-token`). Environment variable: `" + envToken + "`. Conflicts with `token_file`, `username`/`password` and `oauth`.",
			},
			"token_file": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path of a file holding a bearer token, e.g. a Kubernetes projected service-account token for Perses' Kubernetes authentication provider. " +
					"The file is read again whenever its modification time or size changes and after Perses answers 401, so a rotated token is picked up without a restart. " +
					"Environment variable: `" + envTokenFile + "`. Conflicts with `token`, `username`/`password` and `oauth`.",
			},
			"username": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Login of a Perses native user. The provider logs in, refreshes its token and logs in again when the token expires. Environment variable: `" + envUsername + "`. Requires `password`.",
			},
			"password": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Password of the native user named by `username`. Environment variable: `" + envPassword + "`.",
			},
			"oauth": schema.SingleNestedAttribute{
				Optional: true,
				MarkdownDescription: "OAuth 2.0 client-credentials grant. The access token from `token_url` is sent to Perses as a bearer token. " +
					"For a Perses OAuth/OIDC provider, `token_url` is typically `<url>/api/auth/providers/oidc/<slug>/token`. " +
					"Environment variables: `" + envOAuthClientID + "`, `" + envOAuthClientSecret + "`, `" + envOAuthTokenURL + "`, `" + envOAuthScopes + "` (comma-separated), " +
					"`" + envOAuthEndpointParams + "` (JSON object of strings or string lists), `" + envOAuthAuthStyle + "`, `" + envOAuthCACertPEM + "`, `" + envOAuthCACertFile + "`. " +
					"The connection to `token_url` uses the system roots (or `oauth.ca_cert_*`), never the provider's `ca_cert_*`, `client_cert_*`, `client_key_*` or `insecure_skip_verify`, which are for the Perses server only.",
				Attributes: map[string]schema.Attribute{
					"client_id":     schema.StringAttribute{Optional: true, MarkdownDescription: "OAuth client ID."},
					"client_secret": schema.StringAttribute{Optional: true, Sensitive: true, MarkdownDescription: "OAuth client secret."},
					"token_url":     schema.StringAttribute{Optional: true, MarkdownDescription: "Token endpoint, `http://` or `https://`."},
					"scopes":        schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Scopes to request."},
					"endpoint_params": schema.MapAttribute{
						Optional: true, ElementType: types.ListType{ElemType: types.StringType},
						MarkdownDescription: "Extra parameters of the token request, each name with its list of values (e.g. `{ audience = [\"perses\"] }`), as Perses' secret `endpointParams`.",
					},
					"auth_style": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: "How the client ID and secret are sent to `token_url`, with Perses' numbers (`authStyle`): `0` detect (the default), `1` in the request body, `2` as basic auth.",
					},
					"ca_cert_pem": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "PEM CA certificate(s) that sign the certificate of `token_url`, for a private identity provider. They replace the system roots for that connection only. Conflicts with `oauth.ca_cert_file`.",
					},
					"ca_cert_file": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Path of a PEM file holding the CA certificate(s) of `token_url`, as `oauth.ca_cert_pem`. Conflicts with `oauth.ca_cert_pem`.",
					},
				},
			},
			"ca_cert_pem": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "PEM-encoded CA certificate(s) that sign the Perses server certificate (e.g. `file(\"ca.pem\")`). They replace the system roots for the Perses server only (not for `oauth.token_url`). Environment variable: `" + envCACertPEM + "`. Conflicts with `ca_cert_file`.",
			},
			"ca_cert_file": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Path of a PEM file holding the CA certificate(s) of the Perses server, as `ca_cert_pem`. Environment variable: `" + envCACertFile + "`. Conflicts with `ca_cert_pem`.",
			},
			"client_cert_pem": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "PEM-encoded client certificate for mutual TLS with the Perses server (not sent to `oauth.token_url`); requires `client_key_pem` or `client_key_file`. Environment variable: `" + envClientCertPEM + "`. Conflicts with `client_cert_file`.",
			},
			"client_cert_file": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Path of a PEM file holding the client certificate, as `client_cert_pem`. Environment variable: `" + envClientCertFile + "`. Conflicts with `client_cert_pem`.",
			},
			"client_key_pem": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "PEM-encoded private key of the client certificate. Environment variable: `" + envClientKeyPEM + "`. Conflicts with `client_key_file`.",
			},
			"client_key_file": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Path of a PEM file holding the private key of the client certificate, as `client_key_pem`. Environment variable: `" + envClientKeyFile + "`. Conflicts with `client_key_pem`.",
			},
			"insecure_skip_verify": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Skip verification of the Perses server certificate (not of `oauth.token_url`). Defaults to `false`. Environment variable: `" + envInsecureSkipVerify + "`.",
			},
			"headers": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Extra HTTP headers sent with every request to Perses (never to another host). Environment variable: `" + envHeaders + "` as a JSON object.",
			},
			"request_timeout": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Timeout of one HTTP request, as a Go duration (`30s`, `2m`). Defaults to `" + defaultRequestTimeout.String() + "`. Environment variable: `" + envRequestTimeout + "`.",
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How many times a failed request is retried, with exponential backoff and jitter (a `Retry-After` is honoured, at most 30s), from `0` to `" + itoa(maxMaxRetries) + "`. " +
					"Retried: a request that never reached the server (connection refused, DNS failure); answers 429, 502, 503 and 504, and a timeout or a connection lost after sending, for requests that are safe to send twice (reads, updates, deletes, logins, dry-run validation); " +
					"a 500 answer to a GET; and the 400 `unexpected end of JSON input` of the file database's read race (any request, nothing was written). " +
					"A create (POST) whose outcome is unknown (those answers and failures, and a 500, which Perses may answer after storing the object) is not resent blindly: the object is read back, and the create counts as done when it exists with the spec sent, or is sent again (within this limit) when it does not exist. " +
					"TLS verification failures and other 4xx answers are never retried; a 401 gets one resend with renewed credentials, which does not count as a retry. " +
					"Defaults to `" + itoa(defaultMaxRetries) + "`. Environment variable: `" + envMaxRetries + "`.",
			},
		},
	}
}
