package provider

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// TestSecretValidation runs secret configurations through the provider's validation as a CLI
// with write-only support calls it (the validation corpus cannot hold these: a CLI without that
// support adds its own refusal of every *_wo attribute). Each case checks the exact severity,
// summary, attribute and detail of every diagnostic.
func TestSecretValidation(t *testing.T) {
	cases := []struct {
		name   string
		config string
		want   []string // "severity | summary | attribute | detail"
	}{
		{
			name:   "write-only form is clean",
			config: `basic_auth = { username = "perses", password_wo = "p", password_wo_version = 1 }`,
		},
		{
			name:   "unknown write-only value is checked later",
			config: `basic_auth = { username = "perses", password_wo = var.password, password_wo_version = 1 }`,
		},
		{
			name:   "file form is clean",
			config: `authorization = { credentials_file = "/etc/perses/token" }`,
		},
		{
			name:   "empty secret",
			config: ``,
			want: []string{`error | Empty Perses Secret |  | A secret needs at least one of basic_auth, authorization, oauth and tls_config, and none is set.

Set one, e.g. basic_auth = { username = "perses", password_wo = var.password, password_wo_version = 1 }.`},
		},
		{
			name:   "sensitive form warns",
			config: `basic_auth = { username = "perses", password = "p" }`,
			want:   []string{passwordInStateWarning},
		},
		{
			name:   "write-only and sensitive forms conflict",
			config: `basic_auth = { username = "perses", password = "p", password_wo = "p", password_wo_version = 1 }`,
			want: []string{`error | Conflicting Secret Value Forms | basic_auth.password | basic_auth.password_wo and basic_auth.password are both set, but they are forms of the same password and Perses takes one.

Keep one of them: ` + passwordChoices + `.`, passwordInStateWarning},
		},
		{
			name:   "three forms conflict",
			config: `basic_auth = { username = "perses", password = "p", password_wo = "p", password_wo_version = 1, password_file = "/p" }`,
			want: []string{`error | Conflicting Secret Value Forms | basic_auth.password | basic_auth.password_wo and basic_auth.password and basic_auth.password_file are all set, but they are forms of the same password and Perses takes one.

Keep one of them: ` + passwordChoices + `.`, passwordInStateWarning},
		},
		{
			name:   "missing value",
			config: `basic_auth = { username = "perses" }`,
			want: []string{`error | Missing Secret Value | basic_auth | basic_auth needs a password, and none of basic_auth.password_wo, basic_auth.password and basic_auth.password_file is set.

Set one of them: ` + passwordChoices + `.`},
		},
		{
			name:   "empty value is refused once",
			config: `oauth = { client_id = "perses", client_secret = "", token_url = "https://auth.example.com/token" }`,
			want: []string{`error | Empty Value | oauth.client_secret | oauth.client_secret is empty: the provider does not send empty values to Perses, so it would read back as unset.

Remove oauth.client_secret, or give it a value.`},
		},
		{
			name:   "write-only value without version",
			config: `authorization = { credentials_wo = "t" }`,
			want: []string{`error | Missing Write-Only Version | authorization.credentials_wo_version | authorization.credentials_wo is set without authorization.credentials_wo_version.

Add authorization.credentials_wo_version = 1, and change it whenever authorization.credentials_wo gets a new value: Terraform keeps no copy of it, so the version is how it knows to send the new one.`},
		},
		{
			name:   "version without write-only value",
			config: `authorization = { credentials_file = "/t", credentials_wo_version = 2 }`,
			want: []string{`error | Write-Only Version Without Value | authorization.credentials_wo_version | authorization.credentials_wo_version is set, but authorization.credentials_wo is not: there is no write-only value to version.

Set authorization.credentials_wo to the credentials, or remove authorization.credentials_wo_version.`},
		},
		{
			name: "two authentications",
			config: `basic_auth = { username = "perses", password_file = "/p" }
  authorization = { credentials_file = "/t" }`,
			want: []string{`error | Conflicting Secret Authentications | authorization | basic_auth and authorization are both set, but the Perses proxy sends a single Authorization header: all but one would be silently ignored.

Keep one of them, and put the other credentials in a secret of their own.`},
		},
		{
			name:   "client certificate without key",
			config: `tls_config = { cert = "PEM", ca = "PEM", ca_file = "/ca.pem" }`,
			want: []string{
				`error | Conflicting TLS Settings | tls_config.ca_file | tls_config.ca and tls_config.ca_file are both set, but Perses uses one of them.

Keep tls_config.ca (the PEM text) or tls_config.ca_file (a path on the Perses server).`,
				`error | Incomplete Client Certificate | tls_config | tls_config has a client certificate (cert or cert_file) but no key, and a client certificate is useless without its key.

Set both tls_config.cert (or cert_file) and a key (key_wo with key_wo_version, key, or key_file), or neither.`,
			},
		},
		{
			name:   "key without certificate",
			config: `tls_config = { key_file = "/key.pem" }`,
			want: []string{`error | Incomplete Client Certificate | tls_config | tls_config has a client key (key_wo, key or key_file) but no certificate, and a key is useless without its certificate.

Set both tls_config.cert (or cert_file) and a key (key_wo with key_wo_version, key, or key_file), or neither.`},
		},
		{
			name:   "TLS versions",
			config: `tls_config = { min_version = "1.2", max_version = "TLSv1.3", server_name = "prometheus" }`,
			want: []string{
				`error | Invalid TLS Version | tls_config.min_version | tls_config.min_version is "1.2", which is not a TLS version Perses knows.

Write "TLS12".`,
				`error | Invalid TLS Version | tls_config.max_version | tls_config.max_version is "TLSv1.3", which is not a TLS version Perses knows.

Write "TLS13".`,
			},
		},
		{
			name:   "TLS version range",
			config: `tls_config = { min_version = "TLS13", max_version = "TLS12" }`,
			want: []string{`error | Invalid TLS Version Range | tls_config.min_version | tls_config.min_version TLS13 is above tls_config.max_version TLS12: no connection could be made.

Lower min_version or raise max_version.`},
		},
		{
			name:   "OAuth token URL and auth style",
			config: `oauth = { client_id = "perses", client_secret_file = "/s", token_url = "auth.example.com/token", auth_style = 3 }`,
			want: []string{
				`error | Invalid URL | oauth.token_url | oauth.token_url is "auth.example.com/token", which is not an absolute http:// or https:// URL.

Write the full URL of the token endpoint, e.g. "https://auth.example.com/oauth2/token".`,
				`error | Invalid OAuth Auth Style | oauth.auth_style | oauth.auth_style is 3, which Perses does not know.

Write 0 (detect), 1 (client ID and secret in the request body) or 2 (as basic auth).`,
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := validateSecretHCL(t, "perses_global_secret", `name = "prometheus-credentials"`+"\n  "+tc.config)
			checkDiagnostics(t, got, tc.want)
		})
	}
}

// Both scopes check names with the Perses rule.
func TestSecretNamesFollowPersesRule(t *testing.T) {
	got := validateSecretHCL(t, "perses_project_secret", `project = "check out"
  name = "prometheus/credentials"
  authorization = { credentials_file = "/t" }`)
	checkDiagnostics(t, got, []string{
		`error | Invalid Name | name | name is "prometheus/credentials", which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-".

Write "prometheus-credentials".`,
		`error | Invalid Name | project | project is "check out", which is not a Perses name: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-".

Write "check-out".`,
	})
}

const passwordChoices = `basic_auth.password_wo with basic_auth.password_wo_version (Terraform 1.11+ / OpenTofu 1.11+, never stored in the state), ` +
	`basic_auth.password (older CLIs, stored in the state) or basic_auth.password_file (a path on the Perses server)`

const passwordInStateWarning = `warning | Secret Value Stored In State | basic_auth.password | basic_auth.password is stored in the Terraform state in clear text: plan output hides it, the state file does not.

With Terraform 1.11+ or OpenTofu 1.11+, write basic_auth.password_wo = ... with basic_auth.password_wo_version = 1 instead: a write-only value is never stored. See the guide "Secrets without state".`

// validateSecretHCL validates one resource of typeName whose body is body, as a CLI that
// supports write-only attributes does, and renders the diagnostics for checkDiagnostics.
func validateSecretHCL(t *testing.T, typeName, body string) []string {
	t.Helper()
	ctx := context.Background()
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := parseConfigBlocks("main.tf", "resource \""+typeName+"\" \"test\" {\n  "+body+"\n}\n", schemas)
	if err != nil {
		t.Fatal(err)
	}
	config, err := tfprotov6.NewDynamicValue(blocks[0].config.Type(), blocks[0].config)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{
		TypeName: typeName, Config: &config,
		ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range resp.Diagnostics {
		got = append(got, strings.Join([]string{severityName(d.Severity), d.Summary, attributePathString(d.Attribute), d.Detail}, " | "))
	}
	return got
}

func checkDiagnostics(t *testing.T, got, want []string) {
	t.Helper()
	got, want = slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n--- got\n%s\n--- want\n%s", strings.Join(got, "\n\n"), strings.Join(want, "\n\n"))
	}
}
