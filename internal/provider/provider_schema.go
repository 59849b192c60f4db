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
	Username           types.String `tfsdk:"username"`
	Password           types.String `tfsdk:"password"`
	OAuth              types.Object `tfsdk:"oauth"`
	CACertPEM          types.String `tfsdk:"ca_cert_pem"`
	ClientCertPEM      types.String `tfsdk:"client_cert_pem"`
	ClientKeyPEM       types.String `tfsdk:"client_key_pem"`
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
}

var oauthAttrTypes = map[string]attr.Type{
	"client_id":     types.StringType,
	"client_secret": types.StringType,
	"token_url":     types.StringType,
	"scopes":        types.ListType{ElemType: types.StringType},
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
				MarkdownDescription: "Bearer token (for example from `percli whoami --show-token`). Environment variable: `" + envToken + "`. Conflicts with `username`/`password` and `oauth`.",
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
					"Environment variables: `" + envOAuthClientID + "`, `" + envOAuthClientSecret + "`, `" + envOAuthTokenURL + "`, `" + envOAuthScopes + "` (comma-separated).",
				Attributes: map[string]schema.Attribute{
					"client_id":     schema.StringAttribute{Optional: true, MarkdownDescription: "OAuth client ID."},
					"client_secret": schema.StringAttribute{Optional: true, Sensitive: true, MarkdownDescription: "OAuth client secret."},
					"token_url":     schema.StringAttribute{Optional: true, MarkdownDescription: "Token endpoint, `http://` or `https://`."},
					"scopes":        schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Scopes to request."},
				},
			},
			"ca_cert_pem": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "PEM-encoded CA certificate(s) that sign the Perses server certificate (e.g. `file(\"ca.pem\")`). Environment variable: `" + envCACertPEM + "`.",
			},
			"client_cert_pem": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "PEM-encoded client certificate for mutual TLS; requires `client_key_pem`. Environment variable: `" + envClientCertPEM + "`.",
			},
			"client_key_pem": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "PEM-encoded private key of `client_cert_pem`. Environment variable: `" + envClientKeyPEM + "`.",
			},
			"insecure_skip_verify": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Skip verification of the server certificate. Defaults to `false`. Environment variable: `" + envInsecureSkipVerify + "`.",
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
				MarkdownDescription: "How many times a failed request is retried (connection errors, 429, 502, 503, 504) with exponential backoff. " +
					"Defaults to `" + itoa(defaultMaxRetries) + "`. Environment variable: `" + envMaxRetries + "`.",
			},
		},
	}
}
