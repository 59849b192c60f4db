package provider

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func nullProviderModel() providerModel {
	return providerModel{
		URL: types.StringNull(), Token: types.StringNull(), TokenFile: types.StringNull(), Username: types.StringNull(), Password: types.StringNull(),
		OAuth:     types.ObjectNull(oauthAttrTypes),
		CACertPEM: types.StringNull(), ClientCertPEM: types.StringNull(), ClientKeyPEM: types.StringNull(),
		CACertFile: types.StringNull(), ClientCertFile: types.StringNull(), ClientKeyFile: types.StringNull(),
		InsecureSkipVerify: types.BoolNull(), Headers: types.MapNull(types.StringType),
		RequestTimeout: types.StringNull(), MaxRetries: types.Int64Null(),
	}
}

func oauthObject(id, secret, tokenURL string) types.Object {
	str := func(s string) attr.Value {
		if s == "" {
			return types.StringNull()
		}
		return types.StringValue(s)
	}
	return types.ObjectValueMust(oauthAttrTypes, map[string]attr.Value{
		"client_id": str(id), "client_secret": str(secret), "token_url": str(tokenURL),
		"scopes": types.ListNull(types.StringType), "endpoint_params": types.MapNull(types.ListType{ElemType: types.StringType}),
		"auth_style": types.Int64Null(), "ca_cert_pem": types.StringNull(), "ca_cert_file": types.StringNull(),
	})
}

// selfSignedPEM returns a certificate and its key, PEM-encoded.
func selfSignedPEM(t *testing.T) (string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
}

type wantDiag struct {
	path    path.Path
	summary string
	detail  string
}

func TestProviderConfigRejectsBadSettings(t *testing.T) {
	certPEM, _ := selfSignedPEM(t)
	tests := []struct {
		name    string
		model   func(m *providerModel)
		env     map[string]string
		want    wantDiag
		offline bool // checked by ValidateConfig (no environment) rather than Configure
	}{
		{
			name:  "no url anywhere",
			model: func(m *providerModel) {},
			want: wantDiag{path.Root("url"), "Missing Perses URL",
				"The provider needs the address of the Perses server, and neither `url` nor the PERSES_URL environment variable is set.\n\n" +
					`Set url = "https://perses.example.com" in the provider block, or export PERSES_URL.`},
		},
		{
			name:  "url not http",
			model: func(m *providerModel) { m.URL = types.StringValue("ftp://perses.example.com") },
			want: wantDiag{path.Root("url"), "Invalid Perses URL",
				`url is "ftp://perses.example.com", which is not an http:// or https:// URL with a host.` + "\n\n" +
					`Write it like "https://perses.example.com" (an API prefix path such as "https://example.com/perses" is fine).`},
			offline: true,
		},
		{
			name: "url from env without scheme",
			env:  map[string]string{envURL: "perses.example.com:8080"},
			want: wantDiag{path.Root("url"), "Invalid Perses URL",
				`PERSES_URL is "perses.example.com:8080", which is not an http:// or https:// URL with a host.` + "\n\n" +
					`Write it like "https://perses.example.com" (an API prefix path such as "https://example.com/perses" is fine).`},
		},
		{
			name: "token and username in configuration",
			model: func(m *providerModel) {
				m.URL = types.StringValue("http://localhost:8080")
				m.Token = types.StringValue("t")
				m.Username = types.StringValue("admin")
				m.Password = types.StringValue("pw")
			},
			want: wantDiag{path.Root("username"), "Conflicting Authentication Settings",
				"Only one authentication mode can be used, but token (from token in the provider block) and username + password (from username in the provider block and password in the provider block) are set.\n\n" +
					"Keep exactly one of: token or token_file, username + password, or oauth (or none for a server with authentication off). Remove the other attributes from the provider block, or unset the other environment variables."},
			offline: true,
		},
		{
			name: "token and oauth in the environment",
			env: map[string]string{envURL: "http://localhost:8080", envToken: "t",
				envOAuthClientID: "id", envOAuthClientSecret: "s", envOAuthTokenURL: "http://localhost/token"},
			want: wantDiag{path.Root("oauth"), "Conflicting Authentication Settings",
				"Only one authentication mode can be used, but token (from the environment variable PERSES_TOKEN) and oauth (from the environment variable PERSES_OAUTH_CLIENT_ID and the environment variable PERSES_OAUTH_CLIENT_SECRET and the environment variable PERSES_OAUTH_TOKEN_URL) are set.\n\n" +
					"Keep exactly one of: token or token_file, username + password, or oauth (or none for a server with authentication off). Remove the other attributes from the provider block, or unset the other environment variables."},
		},
		{
			name: "username without password",
			model: func(m *providerModel) {
				m.URL = types.StringValue("http://localhost:8080")
				m.Username = types.StringValue("admin")
			},
			want: wantDiag{path.Root("password"), "Missing Password",
				"username in the provider block is set but neither password nor PERSES_PASSWORD is: native login needs both.\n\n" +
					"Set password (or PERSES_PASSWORD) for that user, or use token instead."},
		},
		{
			name: "password from env without username",
			env:  map[string]string{envURL: "http://localhost:8080", envPassword: "pw"},
			want: wantDiag{path.Root("username"), "Missing Username",
				"the environment variable PERSES_PASSWORD is set but neither username nor PERSES_USERNAME is: native login needs both.\n\n" +
					"Set username (or PERSES_USERNAME) to the login of the Perses user, or remove the password."},
		},
		{
			name: "oauth without token url",
			model: func(m *providerModel) {
				m.URL = types.StringValue("http://localhost:8080")
				m.OAuth = oauthObject("id", "secret", "")
			},
			want: wantDiag{path.Root("oauth").AtName("token_url"), "Incomplete OAuth Settings",
				"The client-credentials grant needs client_id, client_secret and token_url, and oauth.token_url is missing.\n\n" +
					`Set oauth = { client_id = ..., client_secret = ..., token_url = "https://..." } or the PERSES_OAUTH_* environment variables.`},
		},
		{
			name: "unreadable CA PEM",
			model: func(m *providerModel) {
				m.URL = types.StringValue("https://localhost:8443")
				m.CACertPEM = types.StringValue("/etc/ssl/ca.pem")
			},
			want:    wantDiag{path: path.Root("ca_cert_pem"), summary: "Unreadable CA Certificate"},
			offline: true,
		},
		{
			name: "client certificate without key",
			model: func(m *providerModel) {
				m.URL = types.StringValue("https://localhost:8443")
				m.ClientCertPEM = types.StringValue(certPEM)
			},
			want: wantDiag{path.Root("client_key_pem"), "Missing Client Key",
				"client_cert_pem is set but neither client_key_pem nor client_key_file is: mutual TLS needs both.\n\n" +
					`Set client_key_pem = file("client-key.pem") or client_key_file = "client-key.pem" (or PERSES_CLIENT_KEY_PEM / PERSES_CLIENT_KEY_FILE), or remove the client certificate.`},
			offline: true,
		},
		{
			name: "request timeout not a duration",
			model: func(m *providerModel) {
				m.URL = types.StringValue("http://localhost:8080")
				m.RequestTimeout = types.StringValue("30")
			},
			want: wantDiag{path.Root("request_timeout"), "Invalid Request Timeout",
				`request_timeout is "30", which is not a positive duration.` + "\n\n" + `Write a Go duration such as "30s" or "2m".`},
			offline: true,
		},
		{
			name: "max retries from env not a number",
			env:  map[string]string{envURL: "http://localhost:8080", envMaxRetries: "many"},
			want: wantDiag{path.Root("max_retries"), "Invalid Max Retries",
				"PERSES_MAX_RETRIES must be a whole number from 0 to 10.\n\nWrite for example max_retries = 3."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := nullProviderModel()
			if tt.model != nil {
				tt.model(&m)
			}
			getenv := func(k string) string { return tt.env[k] }
			_, _, diags := resolveConfig(context.Background(), m, getenv, true)
			checkSingleError(t, diags, tt.want)
			if tt.offline {
				_, _, offline := resolveConfig(context.Background(), m, func(string) string { return "" }, false)
				checkSingleError(t, offline, tt.want)
			}
		})
	}
}

func checkSingleError(t *testing.T, diags diag.Diagnostics, want wantDiag) {
	t.Helper()
	if len(diags) != 1 || diags.ErrorsCount() != 1 {
		t.Fatalf("want exactly one error %q, got %d diagnostics: %v", want.summary, len(diags), diags)
	}
	d := diags[0]
	withPath, ok := d.(diag.DiagnosticWithPath)
	if !ok || !withPath.Path().Equal(want.path) {
		t.Errorf("diagnostic path: want %s, got %v", want.path, d)
	}
	if d.Summary() != want.summary {
		t.Errorf("summary: want %q, got %q", want.summary, d.Summary())
	}
	if want.detail != "" && d.Detail() != want.detail {
		t.Errorf("detail:\nwant %q\n got %q", want.detail, d.Detail())
	}
}

func TestProviderConfigUnknownURLIsDeferredWithoutError(t *testing.T) {
	m := nullProviderModel()
	m.URL = types.StringUnknown()
	cfg, unknown, diags := resolveConfig(context.Background(), m, func(string) string { return "" }, true)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if !unknown || cfg.URL != "" {
		t.Fatalf("want an unknown configuration, got unknown=%v url=%q", unknown, cfg.URL)
	}
}

func TestProviderConfigValueWinsOverEnvironment(t *testing.T) {
	m := nullProviderModel()
	m.URL = types.StringValue("http://from-config:8080/")
	m.Token = types.StringValue("config-token")
	env := map[string]string{envURL: "http://from-env:8080", envToken: "env-token",
		envRequestTimeout: "5s", envMaxRetries: "7", envHeaders: `{"X-Scope-OrgID":"platform"}`}
	cfg, _, diags := resolveConfig(context.Background(), m, func(k string) string { return env[k] }, true)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if cfg.URL != "http://from-config:8080" || cfg.Token != "config-token" || cfg.Username != "" || cfg.Password != "" {
		t.Errorf("configuration should win over its variable: %+v", cfg)
	}
	if cfg.RequestTimeout != 5*time.Second || cfg.MaxRetries != 7 || cfg.Headers["X-Scope-OrgID"] != "platform" {
		t.Errorf("non-auth settings should come from the environment: %+v", cfg)
	}
}

func TestProviderConfigEverythingFromEnvironment(t *testing.T) {
	env := map[string]string{envURL: "https://perses.example.com/perses", envUsername: "admin", envPassword: "pw",
		envInsecureSkipVerify: "true"}
	cfg, unknown, diags := resolveConfig(context.Background(), nullProviderModel(), func(k string) string { return env[k] }, true)
	if diags.HasError() || unknown {
		t.Fatalf("unexpected diagnostics (unknown=%v): %v", unknown, diags)
	}
	if cfg.URL != "https://perses.example.com/perses" || cfg.Username != "admin" || cfg.Password != "pw" || !cfg.InsecureSkipVerify {
		t.Errorf("settings not taken from the environment: %+v", cfg)
	}
	if cfg.RequestTimeout != defaultRequestTimeout || cfg.MaxRetries != defaultMaxRetries {
		t.Errorf("defaults not applied: %+v", cfg)
	}
}
