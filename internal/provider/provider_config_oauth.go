package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

func nullOAuthModel() oauthModel {
	return oauthModel{ClientID: types.StringNull(), ClientSecret: types.StringNull(), TokenURL: types.StringNull(),
		Scopes: types.ListNull(types.StringType), EndpointParams: types.MapNull(types.ListType{ElemType: types.StringType}),
		AuthStyle: types.Int64Null(), CACertPEM: types.StringNull(), CACertFile: types.StringNull()}
}

// resolveOAuth returns the client-credentials settings and the settings that make oauth the
// authentication mode (client_id, client_secret, token_url), empty when oauth is not in use.
func (r *resolver) resolveOAuth(ctx context.Context, m providerModel) (*client.OAuthConfig, []setting) {
	om := nullOAuthModel()
	switch {
	case m.OAuth.IsUnknown():
		r.unknown = true
		return nil, nil
	case !m.OAuth.IsNull():
		r.diags.Append(m.OAuth.As(ctx, &om, basetypes.ObjectAsOptions{UnhandledUnknownAsEmpty: true})...)
	}
	base := path.Root("oauth")
	id := r.str(om.ClientID, base.AtName("client_id"), envOAuthClientID)
	secret := r.str(om.ClientSecret, base.AtName("client_secret"), envOAuthClientSecret)
	tokenURL := r.str(om.TokenURL, base.AtName("token_url"), envOAuthTokenURL)
	var sources []setting
	for _, s := range []setting{id, secret, tokenURL} {
		if s.set() {
			sources = append(sources, s)
		}
	}
	if len(sources) == 0 {
		if !m.OAuth.IsNull() {
			sources = append(sources, setting{source: "oauth", path: base})
		} else {
			return nil, nil
		}
	}
	if !r.offline {
		for _, s := range []setting{id, secret, tokenURL} {
			if !s.set() && !s.unknown {
				r.diags.Append(diagnostics.AttributeError(s.path, "Incomplete OAuth Settings",
					fmt.Sprintf("The client-credentials grant needs client_id, client_secret and token_url, and %s is missing.", s.source),
					"Set oauth = { client_id = ..., client_secret = ..., token_url = \"https://...\" } or the PERSES_OAUTH_* environment variables."))
			}
		}
	}
	out := &client.OAuthConfig{ClientID: id.value, ClientSecret: secret.value}
	if tokenURL.set() {
		out.TokenURL = r.checkHTTPURL(tokenURL, "Invalid OAuth Token URL", `https://perses.example.com/api/auth/providers/oidc/my-idp/token"`)
	}
	switch {
	case om.Scopes.IsUnknown():
		r.unknown = true
	case !om.Scopes.IsNull():
		r.diags.Append(om.Scopes.ElementsAs(ctx, &out.Scopes, false)...)
	case r.getenv(envOAuthScopes) != "":
		for _, s := range strings.Split(r.getenv(envOAuthScopes), ",") {
			if s = strings.TrimSpace(s); s != "" {
				out.Scopes = append(out.Scopes, s)
			}
		}
	}
	r.resolveEndpointParams(ctx, om, out)
	r.resolveAuthStyle(om, out)
	ca, caFile := r.oneOf(r.str(om.CACertPEM, base.AtName("ca_cert_pem"), envOAuthCACertPEM),
		r.str(om.CACertFile, base.AtName("ca_cert_file"), envOAuthCACertFile))
	out.CACertPEM, out.CACertFile = r.caCert(ca, caFile)
	return out, sources
}

func (r *resolver) resolveEndpointParams(ctx context.Context, om oauthModel, out *client.OAuthConfig) {
	p := path.Root("oauth").AtName("endpoint_params")
	switch {
	case om.EndpointParams.IsUnknown():
		r.unknown = true
	case !om.EndpointParams.IsNull():
		r.diags.Append(om.EndpointParams.ElementsAs(ctx, &out.EndpointParams, false)...)
	default:
		e := r.getenv(envOAuthEndpointParams)
		if e == "" {
			break
		}
		// Strings or string lists, as users write them: {"audience":"perses"} or {"resource":["a","b"]}.
		var raw map[string]json.RawMessage
		err := json.Unmarshal([]byte(e), &raw)
		out.EndpointParams = map[string][]string{}
		for k, v := range raw {
			var one string
			var many []string
			if json.Unmarshal(v, &one) == nil {
				out.EndpointParams[k] = []string{one}
			} else if err = json.Unmarshal(v, &many); err != nil {
				break
			} else {
				out.EndpointParams[k] = many
			}
		}
		if err != nil {
			r.diags.Append(diagnostics.AttributeErrorCause(p, "Invalid "+envOAuthEndpointParams,
				envOAuthEndpointParams+" is not a JSON object whose values are strings or lists of strings.",
				`Write it like {"audience":"perses","resource":["https://a","https://b"]}.`, err))
			return
		}
	}
	if _, ok := out.EndpointParams["scope"]; ok && len(out.Scopes) > 0 {
		r.diags.Append(diagnostics.AttributeError(p, "Conflicting OAuth Scopes",
			"oauth.endpoint_params has a \"scope\" parameter and oauth.scopes is set: the token request can carry only one.",
			"List the scopes in oauth.scopes and remove \"scope\" from oauth.endpoint_params."))
	}
}

func (r *resolver) resolveAuthStyle(om oauthModel, out *client.OAuthConfig) {
	style, source := int64(0), "oauth.auth_style"
	switch {
	case om.AuthStyle.IsUnknown():
		r.unknown = true
		return
	case !om.AuthStyle.IsNull():
		style = om.AuthStyle.ValueInt64()
	default:
		e := r.getenv(envOAuthAuthStyle)
		if e == "" {
			return
		}
		source = envOAuthAuthStyle
		n, err := strconv.ParseInt(e, 10, 64)
		if err != nil {
			n = -1
		}
		style = n
	}
	if style < 0 || style > 2 {
		r.diags.Append(diagnostics.AttributeError(path.Root("oauth").AtName("auth_style"), "Invalid OAuth Auth Style",
			fmt.Sprintf("%s must be 0, 1 or 2, the authStyle numbers of Perses.", source),
			"Write 0 (detect), 1 (client ID and secret in the request body) or 2 (as basic auth)."))
		return
	}
	out.AuthStyle = int(style)
}
