package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/perses/pkg/model/api/v1/secret"

	"github.com/perses/terraform-provider-perses/internal/client"
)

// priorSecret is the state of a secret written at version 3 with a Sensitive password, a
// write-only client key, a CA, and an empty scope list.
func priorSecret() secretModel {
	return secretModel{
		Name: types.StringValue("creds"), Project: types.StringNull(), Version: types.Int64Value(3),
		BasicAuth: &secretBasicAuthModel{Username: types.StringValue("perses"), Password: types.StringValue("in-state"),
			PasswordWO: types.StringNull(), PasswordWOVersion: types.Int64Null(), PasswordFile: types.StringNull()},
		TLSConfig: &secretTLSConfigModel{CA: types.StringValue("PEM"), KeyWO: types.StringNull(), KeyWOVersion: types.Int64Value(7)},
	}
}

// served is what Perses answers for that secret: values masked, the key and CA present unless
// the test removes them.
func served(password, key, ca string) *v1.Secret {
	return &v1.Secret{Metadata: *v1.NewProjectMetadata("", "creds"), Spec: v1.SecretSpec{
		BasicAuth: &secret.BasicAuth{Username: "perses", Password: password},
		TLSConfig: &secret.TLSConfig{Key: key, CA: ca, Cert: client.MaskedSecretValue},
	}}
}

func TestSecretReadKeepsWhatPersesMasks(t *testing.T) {
	masked := client.MaskedSecretValue
	for _, tc := range []struct {
		name        string
		server      *v1.Secret
		refresh     bool
		password    types.String
		keyVersion  types.Int64
		ca          types.String
		wantVersion int64
	}{
		{"unchanged", withVersion(served(masked, masked, masked), 3), true, types.StringValue("in-state"), types.Int64Value(7), types.StringValue("PEM"), 3},
		{"values removed on the server", withVersion(served("", "", ""), 3), true, types.StringNull(), types.Int64Null(), types.StringNull(), 3},
		{"written outside Terraform", withVersion(served(masked, masked, masked), 4), true, types.StringNull(), types.Int64Null(), types.StringNull(), 4},
		{"answer to our own write", withVersion(served(masked, masked, masked), 4), false, types.StringValue("in-state"), types.Int64Value(7), types.StringValue("PEM"), 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := priorSecret()
			if diags := m.readFrom(tc.server, globalSecretScope, tc.refresh); diags.HasError() {
				t.Fatal(diags)
			}
			if !m.BasicAuth.Password.Equal(tc.password) || !m.TLSConfig.KeyWOVersion.Equal(tc.keyVersion) || !m.TLSConfig.CA.Equal(tc.ca) {
				t.Errorf("password %s, key_wo_version %s, ca %s; want %s, %s, %s", m.BasicAuth.Password, m.TLSConfig.KeyWOVersion, m.TLSConfig.CA,
					tc.password, tc.keyVersion, tc.ca)
			}
			if m.Version.ValueInt64() != tc.wantVersion || !m.BasicAuth.PasswordWO.IsNull() || !m.TLSConfig.KeyWO.IsNull() {
				t.Errorf("version %s, write-only values %s %s", m.Version, m.BasicAuth.PasswordWO, m.TLSConfig.KeyWO)
			}
			// The certificate was not in the prior state (e.g. after an import): nothing to keep.
			if !m.TLSConfig.Cert.IsNull() {
				t.Errorf("cert = %s, want null", m.TLSConfig.Cert)
			}
		})
	}
}

func withVersion(s *v1.Secret, version uint64) *v1.Secret {
	s.Metadata.Version = version
	return s
}

// Perses does not tell an empty scope list from none: the prior spelling is kept.
func TestSecretReadKeepsEmptyOAuthLists(t *testing.T) {
	server := &secret.OAuth{ClientID: client.MaskedSecretValue, ClientSecret: client.MaskedSecretValue, TokenURL: "https://idp/token"}
	empty, _ := types.ListValueFrom(t.Context(), types.StringType, []string{})
	prior := &secretOAuthModel{Scopes: empty, EndpointParams: types.MapNull(types.ListType{ElemType: types.StringType})}
	got, diags := readOAuth(prior, server, false)
	if diags.HasError() || !got.Scopes.Equal(empty) || !got.EndpointParams.IsNull() {
		t.Fatalf("scopes %s, endpoint_params %s, %v", got.Scopes, got.EndpointParams, diags)
	}
	prior.Scopes = types.ListNull(types.StringType)
	if got, _ := readOAuth(prior, server, false); !got.Scopes.IsNull() {
		t.Errorf("scopes = %s, want null", got.Scopes)
	}
}
