package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/perses/pkg/model/api/v1/secret"
)

// secretModel holds a perses_global_secret or perses_project_secret. The blocks are nil when
// null. Write-only attributes are null in plans and states: they are only read from the
// configuration (withWriteOnlyFrom).
type secretModel struct {
	ID            types.String              `tfsdk:"id"`
	Name          types.String              `tfsdk:"name"`
	Version       types.Int64               `tfsdk:"version"`
	BasicAuth     *secretBasicAuthModel     `tfsdk:"basic_auth"`
	Authorization *secretAuthorizationModel `tfsdk:"authorization"`
	OAuth         *secretOAuthModel         `tfsdk:"oauth"`
	TLSConfig     *secretTLSConfigModel     `tfsdk:"tls_config"`
	// Project is null in the global scope, whose schema has no project attribute.
	Project types.String `tfsdk:"-"`
}

type secretBasicAuthModel struct {
	Username          types.String `tfsdk:"username"`
	Password          types.String `tfsdk:"password"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
	PasswordFile      types.String `tfsdk:"password_file"`
}

type secretAuthorizationModel struct {
	Type                 types.String `tfsdk:"type"`
	Credentials          types.String `tfsdk:"credentials"`
	CredentialsWO        types.String `tfsdk:"credentials_wo"`
	CredentialsWOVersion types.Int64  `tfsdk:"credentials_wo_version"`
	CredentialsFile      types.String `tfsdk:"credentials_file"`
}

type secretOAuthModel struct {
	ClientID              types.String `tfsdk:"client_id"`
	ClientSecret          types.String `tfsdk:"client_secret"`
	ClientSecretWO        types.String `tfsdk:"client_secret_wo"`
	ClientSecretWOVersion types.Int64  `tfsdk:"client_secret_wo_version"`
	ClientSecretFile      types.String `tfsdk:"client_secret_file"`
	TokenURL              types.String `tfsdk:"token_url"`
	Scopes                types.List   `tfsdk:"scopes"`
	EndpointParams        types.Map    `tfsdk:"endpoint_params"`
	AuthStyle             types.Int64  `tfsdk:"auth_style"`
}

type secretTLSConfigModel struct {
	CA                 types.String `tfsdk:"ca"`
	CAFile             types.String `tfsdk:"ca_file"`
	Cert               types.String `tfsdk:"cert"`
	CertFile           types.String `tfsdk:"cert_file"`
	Key                types.String `tfsdk:"key"`
	KeyWO              types.String `tfsdk:"key_wo"`
	KeyWOVersion       types.Int64  `tfsdk:"key_wo_version"`
	KeyFile            types.String `tfsdk:"key_file"`
	ServerName         types.String `tfsdk:"server_name"`
	InsecureSkipVerify types.Bool   `tfsdk:"insecure_skip_verify"`
	MinVersion         types.String `tfsdk:"min_version"`
	MaxVersion         types.String `tfsdk:"max_version"`
}

// valueForms points at the three forms of a block's secret value (see secretValue).
type valueForms struct {
	value, wo *types.String
	version   *types.Int64
}

func (m *secretBasicAuthModel) forms() valueForms {
	return valueForms{&m.Password, &m.PasswordWO, &m.PasswordWOVersion}
}

func (m *secretAuthorizationModel) forms() valueForms {
	return valueForms{&m.Credentials, &m.CredentialsWO, &m.CredentialsWOVersion}
}

func (m *secretOAuthModel) forms() valueForms {
	return valueForms{&m.ClientSecret, &m.ClientSecretWO, &m.ClientSecretWOVersion}
}

func (m *secretTLSConfigModel) forms() valueForms {
	return valueForms{&m.Key, &m.KeyWO, &m.KeyWOVersion}
}

// send is the value to send to Perses: the Sensitive form, else the write-only one.
func (f valueForms) send() string {
	if !f.value.IsNull() {
		return f.value.ValueString()
	}
	return f.wo.ValueString()
}

// standIn makes the write-only value, which Terraform keeps nowhere, stand for its version in
// the object the write rule compares.
func (f valueForms) standIn() {
	if f.value.IsNull() && !f.version.IsNull() {
		*f.wo = types.StringValue(fmt.Sprintf("write-only value, version %d", f.version.ValueInt64()))
	}
}

// readFrom keeps what the prior model says about the value when Perses still holds one
// (masked as "<secret>": it cannot be compared). When Perses holds none, or the secret was
// written outside Terraform, the Sensitive value and the write-only version are dropped, so
// that the plan shows the configured ones as changes and the apply sends them again.
func (f valueForms) readFrom(prior valueForms, held, rewritten bool) {
	*f.value, *f.wo, *f.version = types.StringNull(), types.StringNull(), types.Int64Null()
	if held && !rewritten && prior.value != nil {
		*f.value, *f.version = *prior.value, *prior.version
	}
}

// keepMasked is readFrom for the values Perses masks without them being secret (client ID,
// CA, certificate): the prior value while Perses holds one and nobody else wrote the secret.
func keepMasked(prior *types.String, server string, rewritten bool) types.String {
	if server == "" || rewritten || prior == nil {
		return types.StringNull()
	}
	return *prior
}

func getSecretModel(ctx context.Context, data wholeGetter) (secretModel, diag.Diagnostics) {
	var m secretModel
	extras, diags := getModel(ctx, data, &m, "project")
	m.Project = types.StringNull()
	if v, ok := extras["project"].(types.String); ok {
		m.Project = v
	}
	return m, diags
}

func (m *secretModel) set(ctx context.Context, st *tfsdk.State, s scope) diag.Diagnostics {
	extras := map[string]attr.Value{}
	if s.project {
		extras["project"] = m.Project
	}
	return setModel(ctx, st, st.Schema.Type(), m, extras)
}

// comparable is the spec the write rule compares (see secretResource.writes): what the apply
// sends, with each write-only value, which Terraform keeps nowhere, standing for its version.
func (m secretModel) comparable(ctx context.Context, s scope) (*v1.Secret, diag.Diagnostics) {
	if b := m.BasicAuth; b != nil {
		c := *b
		c.forms().standIn()
		m.BasicAuth = &c
	}
	if a := m.Authorization; a != nil {
		c := *a
		c.forms().standIn()
		m.Authorization = &c
	}
	if o := m.OAuth; o != nil {
		c := *o
		c.forms().standIn()
		m.OAuth = &c
	}
	if t := m.TLSConfig; t != nil {
		c := *t
		c.forms().standIn()
		m.TLSConfig = &c
	}
	return m.secret(ctx, s)
}

// withWriteOnlyFrom copies the write-only values of the configuration into the plan's model,
// where Terraform always has them null.
func (m *secretModel) withWriteOnlyFrom(config secretModel) {
	if m.BasicAuth != nil && config.BasicAuth != nil {
		m.BasicAuth.PasswordWO = config.BasicAuth.PasswordWO
	}
	if m.Authorization != nil && config.Authorization != nil {
		m.Authorization.CredentialsWO = config.Authorization.CredentialsWO
	}
	if m.OAuth != nil && config.OAuth != nil {
		m.OAuth.ClientSecretWO = config.OAuth.ClientSecretWO
	}
	if m.TLSConfig != nil && config.TLSConfig != nil {
		m.TLSConfig.KeyWO = config.TLSConfig.KeyWO
	}
}

// secret builds the Perses object to create or update, values in clear.
func (m *secretModel) secret(ctx context.Context, s scope) (*v1.Secret, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := &v1.Secret{Kind: v1.KindSecret, Metadata: *v1.NewProjectMetadata(s.projectOf(m.Project.ValueString()), m.Name.ValueString())}
	if b := m.BasicAuth; b != nil {
		out.Spec.BasicAuth = &secret.BasicAuth{Username: b.Username.ValueString(), Password: b.forms().send(), PasswordFile: b.PasswordFile.ValueString()}
	}
	if a := m.Authorization; a != nil {
		out.Spec.Authorization = &secret.Authorization{Type: a.Type.ValueString(), Credentials: a.forms().send(), CredentialsFile: a.CredentialsFile.ValueString()}
	}
	if o := m.OAuth; o != nil {
		spec := &secret.OAuth{
			ClientID: o.ClientID.ValueString(), ClientSecret: o.forms().send(), ClientSecretFile: o.ClientSecretFile.ValueString(),
			TokenURL: o.TokenURL.ValueString(), AuthStyle: int(o.AuthStyle.ValueInt64()),
		}
		if !o.Scopes.IsNull() {
			diags.Append(o.Scopes.ElementsAs(ctx, &spec.Scopes, false)...)
		}
		if !o.EndpointParams.IsNull() {
			diags.Append(o.EndpointParams.ElementsAs(ctx, &spec.EndpointParams, false)...)
		}
		out.Spec.OAuth = spec
	}
	if t := m.TLSConfig; t != nil {
		out.Spec.TLSConfig = &secret.TLSConfig{
			CA: t.CA.ValueString(), CAFile: t.CAFile.ValueString(),
			Cert: t.Cert.ValueString(), CertFile: t.CertFile.ValueString(),
			Key: t.forms().send(), KeyFile: t.KeyFile.ValueString(),
			ServerName: t.ServerName.ValueString(), InsecureSkipVerify: t.InsecureSkipVerify.ValueBool(),
			MinVersion: t.MinVersion.ValueString(), MaxVersion: t.MaxVersion.ValueString(),
		}
	}
	return out, diags
}

// readFrom fills the model from what Perses answered, the model itself being the prior state
// (or plan). Secret values come back masked: see valueForms.readFrom. rewriteCheck compares
// the version Perses answers with the prior one: a difference after a refresh means someone
// else wrote the secret.
func (m *secretModel) readFrom(s *v1.Secret, sc scope, rewriteCheck bool) diag.Diagnostics {
	var diags diag.Diagnostics
	m.Name = keepSpelling(m.Name, s.Metadata.Name)
	if sc.project {
		m.Project = keepSpelling(m.Project, s.Metadata.Project)
	}
	m.ID = types.StringValue(sc.id(m.Project.ValueString(), m.Name.ValueString()))
	rewritten := rewriteCheck && !m.Version.IsNull() && !m.Version.IsUnknown() && m.Version.ValueInt64() != int64(s.Metadata.Version)
	m.Version = types.Int64Value(int64(s.Metadata.Version))

	spec := s.Spec
	m.BasicAuth = readBasicAuth(m.BasicAuth, spec.BasicAuth, rewritten)
	m.Authorization = readAuthorization(m.Authorization, spec.Authorization, rewritten)
	var d diag.Diagnostics
	m.OAuth, d = readOAuth(m.OAuth, spec.OAuth, rewritten)
	diags.Append(d...)
	m.TLSConfig = readTLSConfig(m.TLSConfig, spec.TLSConfig, rewritten)
	return diags
}

func readBasicAuth(prior *secretBasicAuthModel, server *secret.BasicAuth, rewritten bool) *secretBasicAuthModel {
	if server == nil {
		return nil
	}
	out := &secretBasicAuthModel{Username: types.StringValue(server.Username), PasswordFile: optionalString(server.PasswordFile)}
	var priorForms valueForms
	if prior != nil {
		priorForms = prior.forms()
	}
	out.forms().readFrom(priorForms, server.Password != "", rewritten)
	return out
}

func readAuthorization(prior *secretAuthorizationModel, server *secret.Authorization, rewritten bool) *secretAuthorizationModel {
	if server == nil {
		return nil
	}
	out := &secretAuthorizationModel{Type: types.StringValue(server.Type), CredentialsFile: optionalString(server.CredentialsFile)}
	var priorForms valueForms
	if prior != nil {
		priorForms = prior.forms()
	}
	out.forms().readFrom(priorForms, server.Credentials != "", rewritten)
	return out
}

func readOAuth(prior *secretOAuthModel, server *secret.OAuth, rewritten bool) (*secretOAuthModel, diag.Diagnostics) {
	if server == nil {
		return nil, nil
	}
	var diags diag.Diagnostics
	out := &secretOAuthModel{
		ClientSecretFile: optionalString(server.ClientSecretFile),
		TokenURL:         types.StringValue(server.TokenURL),
		AuthStyle:        types.Int64Value(int64(server.AuthStyle)),
		Scopes:           types.ListNull(types.StringType),
		EndpointParams:   types.MapNull(types.ListType{ElemType: types.StringType}),
	}
	var priorForms valueForms
	var priorClientID *types.String
	if prior != nil {
		priorForms, priorClientID = prior.forms(), &prior.ClientID
	}
	out.ClientID = keepMasked(priorClientID, server.ClientID, rewritten)
	out.forms().readFrom(priorForms, server.ClientSecret != "", rewritten)
	// Perses does not distinguish an empty list or map from none: keep how the prior one was written.
	if len(server.Scopes) > 0 || (prior != nil && !prior.Scopes.IsNull()) {
		var d diag.Diagnostics
		out.Scopes, d = types.ListValueFrom(context.Background(), types.StringType, nonNil(server.Scopes))
		diags.Append(d...)
	}
	if len(server.EndpointParams) > 0 || (prior != nil && !prior.EndpointParams.IsNull()) {
		params := map[string][]string{}
		for _, k := range slices.Sorted(maps.Keys(server.EndpointParams)) {
			params[k] = nonNil(server.EndpointParams[k])
		}
		var d diag.Diagnostics
		out.EndpointParams, d = types.MapValueFrom(context.Background(), types.ListType{ElemType: types.StringType}, params)
		diags.Append(d...)
	}
	return out, diags
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func readTLSConfig(prior *secretTLSConfigModel, server *secret.TLSConfig, rewritten bool) *secretTLSConfigModel {
	if server == nil {
		return nil
	}
	out := &secretTLSConfigModel{
		CAFile: optionalString(server.CAFile), CertFile: optionalString(server.CertFile), KeyFile: optionalString(server.KeyFile),
		ServerName: optionalString(server.ServerName), InsecureSkipVerify: types.BoolValue(server.InsecureSkipVerify),
		MinVersion: optionalString(server.MinVersion), MaxVersion: optionalString(server.MaxVersion),
	}
	var priorForms valueForms
	var priorCA, priorCert *types.String
	if prior != nil {
		priorForms, priorCA, priorCert = prior.forms(), &prior.CA, &prior.Cert
	}
	out.CA = keepMasked(priorCA, server.CA, rewritten)
	out.Cert = keepMasked(priorCert, server.Cert, rewritten)
	out.forms().readFrom(priorForms, server.Key != "", rewritten)
	return out
}
