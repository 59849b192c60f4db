package provider

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestProviderConfigUsernameInBlockPasswordFromEnvironment(t *testing.T) {
	m := nullProviderModel()
	m.URL = types.StringValue("http://localhost:8080")
	m.Username = types.StringValue("ci")
	env := map[string]string{envPassword: "from-terraform-cloud"}
	cfg, _, diags := resolveConfig(context.Background(), m, func(k string) string { return env[k] }, true)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if cfg.Username != "ci" || cfg.Password != "from-terraform-cloud" {
		t.Errorf("username %q password %q, want ci and the variable's value", cfg.Username, cfg.Password)
	}
	// Offline (ValidateConfig), the password may still come from the environment: no error.
	if _, _, offline := resolveConfig(context.Background(), m, func(string) string { return "" }, false); offline.HasError() {
		t.Errorf("ValidateConfig refused username alone: %v", offline)
	}
}

func TestProviderConfigBlockFormWinsOverOtherFormInEnvironment(t *testing.T) {
	m := nullProviderModel()
	m.URL = types.StringValue("http://localhost:8080")
	m.Token = types.StringValue("block-token")
	env := map[string]string{envTokenFile: "/var/run/secrets/tokens/perses"}
	cfg, _, diags := resolveConfig(context.Background(), m, func(k string) string { return env[k] }, true)
	if diags.HasError() || cfg.Token != "block-token" || cfg.TokenFile != "" {
		t.Fatalf("token in the block should hide PERSES_TOKEN_FILE: %+v %v", cfg, diags)
	}
}

func TestProviderConfigEndpointParamsFromEnvironment(t *testing.T) {
	env := map[string]string{envURL: "http://localhost:8080", envOAuthClientID: "id", envOAuthClientSecret: "s",
		envOAuthTokenURL: "https://idp.example.com/token", envOAuthAuthStyle: "2",
		envOAuthEndpointParams: `{"audience":"perses","resource":["https://a","https://b"]}`}
	cfg, _, diags := resolveConfig(context.Background(), nullProviderModel(), func(k string) string { return env[k] }, true)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	want := map[string][]string{"audience": {"perses"}, "resource": {"https://a", "https://b"}}
	if cfg.OAuth == nil || !reflect.DeepEqual(cfg.OAuth.EndpointParams, want) || cfg.OAuth.AuthStyle != 2 {
		t.Errorf("oauth = %+v, want endpoint params %v and auth style 2", cfg.OAuth, want)
	}
}

func oauthWith(extra map[string]attr.Value) types.Object {
	o := oauthObject("id", "secret", "https://idp.example.com/token")
	attrs := o.Attributes()
	for k, v := range extra {
		attrs[k] = v
	}
	return types.ObjectValueMust(oauthAttrTypes, attrs)
}

func TestProviderConfigFormsRejected(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing-token")
	notPEM := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	caPEM, _ := selfSignedPEM(t)
	url := func(m *providerModel) { m.URL = types.StringValue("https://localhost:8443") }
	tests := []struct {
		name    string
		model   func(m *providerModel)
		env     map[string]string
		want    wantDiag
		offline bool
	}{
		{
			name:  "username in the block and a token in the environment",
			model: func(m *providerModel) { url(m); m.Username = types.StringValue("ci") },
			env:   map[string]string{envToken: "stale", envPassword: "pw"},
			want: wantDiag{path.Root("username"), "Conflicting Authentication Settings",
				"Only one authentication mode can be used, but token (from the environment variable PERSES_TOKEN) and username + password (from username in the provider block and the environment variable PERSES_PASSWORD) are set.\n\n" +
					"Keep exactly one of: token or token_file, username + password, or oauth (or none for a server with authentication off). Remove the other attributes from the provider block, or unset the other environment variables."},
		},
		{
			name: "token and token_file in the block",
			model: func(m *providerModel) {
				url(m)
				m.Token = types.StringValue("t")
				m.TokenFile = types.StringValue("/t")
			},
			want: wantDiag{path.Root("token_file"), "Conflicting Settings",
				"token in the provider block and token_file in the provider block are both set, and they are two forms of the same setting.\n\nKeep only one of token and token_file."},
			offline: true,
		},
		{
			name: "CA inline and from a file in the environment",
			env:  map[string]string{envURL: "https://localhost:8443", envCACertPEM: caPEM, envCACertFile: "/ca.pem"},
			want: wantDiag{path.Root("ca_cert_file"), "Conflicting Settings",
				"the environment variable PERSES_CA_CERT_PEM and the environment variable PERSES_CA_CERT_FILE are both set, and they are two forms of the same setting.\n\nKeep only one of PERSES_CA_CERT_PEM and PERSES_CA_CERT_FILE."},
		},
		{
			name:  "token file missing",
			model: func(m *providerModel) { url(m); m.TokenFile = types.StringValue(missing) },
			want: wantDiag{path.Root("token_file"), "Unreadable Token File",
				`token_file is "` + missing + `", which cannot be used as a token file.` + "\n\n" +
					"Give the path of a readable file holding the bearer token alone (for a Kubernetes service account, the path of its projected token).\n\n" +
					"Original error: open " + missing + ": no such file or directory"},
		},
		{
			name:  "CA file not PEM",
			model: func(m *providerModel) { url(m); m.CACertFile = types.StringValue(notPEM) },
			want: wantDiag{path.Root("ca_cert_file"), "Unreadable CA Certificate File",
				`ca_cert_file is "` + notPEM + `", which is not a readable PEM file of CA certificates.` + "\n\n" +
					`Give the path of a PEM file holding "-----BEGIN CERTIFICATE-----" blocks.` + "\n\n" +
					"Original error: CA certificate: no PEM CERTIFICATE block found"},
		},
		{
			name: "client key file missing",
			model: func(m *providerModel) {
				url(m)
				m.ClientCertFile = types.StringValue(notPEM)
				m.ClientKeyFile = types.StringValue(missing)
			},
			want: wantDiag{path.Root("client_key_file"), "Unreadable File",
				`client_key_file is "` + missing + `", which cannot be read.` + "\n\nGive the path of a readable PEM file.\n\n" +
					"Original error: open " + missing + ": no such file or directory"},
		},
		{
			name: "auth style out of range",
			model: func(m *providerModel) {
				url(m)
				m.OAuth = oauthWith(map[string]attr.Value{"auth_style": types.Int64Value(3)})
			},
			want: wantDiag{path.Root("oauth").AtName("auth_style"), "Invalid OAuth Auth Style",
				"oauth.auth_style must be 0, 1 or 2, the authStyle numbers of Perses.\n\nWrite 0 (detect), 1 (client ID and secret in the request body) or 2 (as basic auth)."},
			offline: true,
		},
		{
			name: "endpoint params from env not JSON",
			env: map[string]string{envURL: "https://localhost:8443", envOAuthClientID: "id", envOAuthClientSecret: "s",
				envOAuthTokenURL: "https://idp.example.com/token", envOAuthEndpointParams: `{"audience":1}`},
			want: wantDiag{path: path.Root("oauth").AtName("endpoint_params"), summary: "Invalid PERSES_OAUTH_ENDPOINT_PARAMS"},
		},
		{
			name: "scope in endpoint params and scopes",
			model: func(m *providerModel) {
				url(m)
				m.OAuth = oauthWith(map[string]attr.Value{
					"scopes": types.ListValueMust(types.StringType, []attr.Value{types.StringValue("a")}),
					"endpoint_params": types.MapValueMust(types.ListType{ElemType: types.StringType}, map[string]attr.Value{
						"scope": types.ListValueMust(types.StringType, []attr.Value{types.StringValue("b")})}),
				})
			},
			want: wantDiag{path.Root("oauth").AtName("endpoint_params"), "Conflicting OAuth Scopes",
				"oauth.endpoint_params has a \"scope\" parameter and oauth.scopes is set: the token request can carry only one.\n\n" +
					"List the scopes in oauth.scopes and remove \"scope\" from oauth.endpoint_params."},
			offline: true,
		},
		{
			name:  "max retries above the maximum",
			model: func(m *providerModel) { url(m); m.MaxRetries = types.Int64Value(11) },
			want: wantDiag{path.Root("max_retries"), "Invalid Max Retries",
				"max_retries must be a whole number from 0 to 10.\n\nWrite for example max_retries = 3."},
			offline: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := nullProviderModel()
			if tt.model != nil {
				tt.model(&m)
			}
			_, _, diags := resolveConfig(context.Background(), m, func(k string) string { return tt.env[k] }, true)
			checkSingleError(t, diags, tt.want)
			if tt.offline {
				_, _, offline := resolveConfig(context.Background(), m, func(string) string { return "" }, false)
				checkSingleError(t, offline, tt.want)
			}
		})
	}
}

func TestProviderConfigClientCertificateInlineKeyFromFile(t *testing.T) {
	certPEM, keyPEM := selfSignedPEM(t)
	keyFile := filepath.Join(t.TempDir(), "client-key.pem")
	if err := os.WriteFile(keyFile, []byte(keyPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	m := nullProviderModel()
	m.URL = types.StringValue("https://localhost:8443")
	m.ClientCertPEM = types.StringValue(certPEM)
	env := map[string]string{envClientKeyFile: keyFile}
	cfg, _, diags := resolveConfig(context.Background(), m, func(k string) string { return env[k] }, true)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if cfg.ClientCertPEM != certPEM || cfg.ClientKeyFile != keyFile || cfg.ClientKeyPEM != "" {
		t.Errorf("client certificate from the block, key from PERSES_CLIENT_KEY_FILE: got %+v", cfg)
	}
}
