package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/rules"
)

// The blocks of a Perses secret spec, in Terraform words.
const (
	basicAuthBlock     = "basic_auth"
	authorizationBlock = "authorization"
	oauthBlock         = "oauth"
	tlsConfigBlock     = "tls_config"
)

// exampleSecretName is the secret name that messages suggest.
const exampleSecretName = "prometheus-credentials"

// secretBlocks lists the blocks in the order messages name them.
var secretBlocks = []string{basicAuthBlock, authorizationBlock, oauthBlock, tlsConfigBlock}

// secretValue is one secret value of a Perses secret spec (a password, credentials, a client
// secret, a private key), or the password of a perses_user. Terraform sees it in mutually
// exclusive forms:
//   - <name>_wo + <name>_wo_version: write-only (Terraform/OpenTofu 1.11+), never in plan or state;
//     Terraform cannot diff a value it does not keep, so the version is what triggers a re-send;
//   - <name>: Sensitive, for older CLIs: hidden in output but kept in the state;
//   - <name>_file: a path on the Perses server, when Perses has a file variant.
type secretValue struct {
	// block holds the value's attributes; "" puts them at the top of the schema (perses_user).
	block string
	name  string
	// what names the value in messages, e.g. "password".
	what string
	// required: Perses refuses the block without the value.
	required bool
	// noFile: Perses has no file variant of the value.
	noFile bool
	// object is what the value belongs to, in messages: "secret" unless set.
	object string
}

var secretValues = []secretValue{
	{block: basicAuthBlock, name: "password", what: "password", required: true},
	{block: authorizationBlock, name: "credentials", what: "credentials", required: true},
	{block: oauthBlock, name: "client_secret", what: "client secret", required: true},
	{block: tlsConfigBlock, name: "key", what: "client private key"},
}

func (v secretValue) wo() string        { return v.name + "_wo" }
func (v secretValue) woVersion() string { return v.name + "_wo_version" }
func (v secretValue) file() string      { return v.name + "_file" }

func (v secretValue) path(attribute string) path.Path {
	if v.block == "" {
		return path.Root(attribute)
	}
	return path.Root(v.block).AtName(attribute)
}

// ref writes an attribute of the value's block as a user does, e.g. basic_auth.password_wo.
func (v secretValue) ref(attribute string) string {
	if v.block == "" {
		return attribute
	}
	return v.block + "." + attribute
}

// owner names what holds the value in messages: its block, or the resource type.
func (v secretValue) owner() string {
	if v.block == "" {
		return "perses_" + v.objectName()
	}
	return v.block
}

func (v secretValue) objectName() string {
	if v.object == "" {
		return secretObject
	}
	return v.object
}

// forms are the attributes holding the value, in the order messages name them.
func (v secretValue) forms() []string {
	if v.noFile {
		return []string{v.wo(), v.name}
	}
	return []string{v.wo(), v.name, v.file()}
}

// choices describes the forms for a message: which to write with which CLI.
func (v secretValue) choices() string {
	wo := fmt.Sprintf("%s with %s (Terraform 1.11+ / OpenTofu 1.11+, never stored in the state)", v.ref(v.wo()), v.ref(v.woVersion()))
	sensitive := fmt.Sprintf("%s (older CLIs, stored in the state)", v.ref(v.name))
	if v.noFile {
		return wo + " or " + sensitive
	}
	return fmt.Sprintf("%s, %s or %s (a path on the Perses server)", wo, sensitive, v.ref(v.file()))
}

// attributes are the attributes of the value in its block's schema (or the resource's).
func (v secretValue) attributes() map[string]schema.Attribute {
	quoted := make([]string, 0, 3)
	for _, f := range v.forms() {
		quoted = append(quoted, "`"+f+"`")
	}
	attrs := map[string]schema.Attribute{
		v.name: schema.StringAttribute{
			Optional: true, Sensitive: true, Validators: notEmpty,
			MarkdownDescription: fmt.Sprintf("The %s, for CLIs without write-only attributes (Terraform < 1.11, OpenTofu < 1.11): "+
				"hidden in plan output but **stored in the state** in clear text (a warning says so). Prefer `%s`. "+
				"Exactly one of %s%s.", v.what, v.wo(), listWords(quoted), optionalNote(v)),
		},
		v.wo(): schema.StringAttribute{
			Optional: true, Sensitive: true, WriteOnly: true, Validators: notEmpty,
			MarkdownDescription: fmt.Sprintf("The %s, write-only: sent to Perses, never stored in the plan or the state "+
				"(Terraform 1.11+, OpenTofu 1.11+). Requires `%s`.", v.what, v.woVersion()),
		},
		v.woVersion(): schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("Version of `%s`. Terraform keeps no copy of a write-only value to compare, "+
				"so change this number (e.g. increase it) to send a new value. Any other change to the %s sends the current value too.", v.wo(), v.objectName()),
		},
	}
	if !v.noFile {
		attrs[v.file()] = schema.StringAttribute{
			Optional: true, Validators: notEmpty,
			MarkdownDescription: fmt.Sprintf("Path of a file holding the %s, on the file system of the Perses server.", v.what),
		}
	}
	return attrs
}

// listWords joins words as a sentence does: "a and b", "a, b and c".
func listWords(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

func optionalNote(v secretValue) string {
	if v.required {
		return ""
	}
	return " at most"
}

// secretValueIn returns the secret value of a block.
func secretValueIn(block string) secretValue {
	for _, v := range secretValues {
		if v.block == block {
			return v
		}
	}
	panic("no secret value in block " + block)
}

func withSecretValue(block string, attrs map[string]schema.Attribute) map[string]schema.Attribute {
	for name, a := range secretValueIn(block).attributes() {
		attrs[name] = a
	}
	return attrs
}

// notEmpty guards the optional strings: Perses treats "" as unset and reads it back so (or,
// for the authorization type, as Bearer), which would make the apply inconsistent with its plan.
var notEmpty = []validator.String{rules.NotEmptyString()}

// maskedNote is added to the description of values Perses masks on read without being secret.
const maskedNote = " Perses masks it on read, so a change made outside Terraform is noticed only through `version`."

func secretResourceSchema(s scope) schema.Schema {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "`" + s.importIDFormat() + "`, also the import ID.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"name": schema.StringAttribute{
			Required: true,
			MarkdownDescription: "Name of the secret, unique in its scope: 1 to 75 characters of `a-zA-Z0-9_.-`. A datasource's `proxy.secret` " +
				"refers to it by this name. A server whose database is not case-sensitive (the Perses default) stores it lowercased; " +
				"the provider keeps your spelling. Changing it replaces the secret.",
			Validators: []validator.String{rules.Name(exampleSecretName)},
		},
		"version": schema.Int64Attribute{
			Computed: true,
			MarkdownDescription: "Version Perses gives the secret; it increases on every write. Perses never gives secret values back, " +
				"so when a refresh finds another version than the one Terraform wrote, the secret was written outside Terraform: " +
				"the plan then writes every value again.",
		},
		basicAuthBlock: schema.SingleNestedAttribute{
			Optional:            true,
			MarkdownDescription: "HTTP basic authentication. Conflicts with `authorization` and `oauth`.",
			Attributes: withSecretValue(basicAuthBlock, map[string]schema.Attribute{
				"username": schema.StringAttribute{Required: true, MarkdownDescription: "User name."},
			}),
		},
		authorizationBlock: schema.SingleNestedAttribute{
			Optional:            true,
			MarkdownDescription: "An `Authorization: <type> <credentials>` header, e.g. a bearer token. Conflicts with `basic_auth` and `oauth`.",
			Attributes: withSecretValue(authorizationBlock, map[string]schema.Attribute{
				"type": schema.StringAttribute{
					Optional: true, Computed: true, Default: stringdefault.StaticString("Bearer"), Validators: notEmpty,
					MarkdownDescription: "Authentication scheme sent before the credentials. Defaults to `Bearer`.",
				},
			}),
		},
		oauthBlock: schema.SingleNestedAttribute{
			Optional:            true,
			MarkdownDescription: "OAuth 2.0 client credentials: Perses obtains a token from `token_url` and sends it as a bearer token. Conflicts with `basic_auth` and `authorization`.",
			Attributes: withSecretValue(oauthBlock, map[string]schema.Attribute{
				"client_id": schema.StringAttribute{Required: true, MarkdownDescription: "Client ID." + maskedNote},
				"token_url": schema.StringAttribute{Required: true, MarkdownDescription: "Token endpoint URL."},
				"scopes": schema.ListAttribute{
					Optional: true, ElementType: types.StringType,
					MarkdownDescription: "Scopes to request.",
				},
				"endpoint_params": schema.MapAttribute{
					Optional: true, ElementType: types.ListType{ElemType: types.StringType},
					MarkdownDescription: "Extra parameters of the token request: each name maps to its list of values.",
				},
				"auth_style": schema.Int64Attribute{
					Optional: true, Computed: true, Default: int64default.StaticInt64(0),
					MarkdownDescription: "How the client ID and secret are sent to the token endpoint: `0` detect (the default), `1` in the request body, `2` as basic auth.",
				},
			}),
		},
		tlsConfigBlock: schema.SingleNestedAttribute{
			Optional:            true,
			MarkdownDescription: "TLS settings for the connections Perses makes to the datasource.",
			Attributes: withSecretValue(tlsConfigBlock, map[string]schema.Attribute{
				"ca":        schema.StringAttribute{Optional: true, Validators: notEmpty, MarkdownDescription: "PEM CA certificates that verify the server (instead of the system roots)." + maskedNote},
				"ca_file":   schema.StringAttribute{Optional: true, Validators: notEmpty, MarkdownDescription: "Path of a PEM CA file on the Perses server. Conflicts with `ca`."},
				"cert":      schema.StringAttribute{Optional: true, Validators: notEmpty, MarkdownDescription: "PEM client certificate, with a key (`key_wo`, `key` or `key_file`)." + maskedNote},
				"cert_file": schema.StringAttribute{Optional: true, Validators: notEmpty, MarkdownDescription: "Path of a PEM client certificate on the Perses server. Conflicts with `cert`."},
				"server_name": schema.StringAttribute{
					Optional: true, Validators: notEmpty, MarkdownDescription: "Server name to verify the certificate against, when it differs from the URL's host.",
				},
				"insecure_skip_verify": schema.BoolAttribute{
					Optional: true, Computed: true, Default: booldefault.StaticBool(false),
					MarkdownDescription: "Skip the verification of the server certificate. Defaults to `false`.",
				},
				"min_version": schema.StringAttribute{Optional: true, Validators: notEmpty, MarkdownDescription: "Lowest TLS version: one of " + tlsVersionList + " (Perses defaults to `TLS12`)."},
				"max_version": schema.StringAttribute{Optional: true, Validators: notEmpty, MarkdownDescription: "Highest TLS version: one of " + tlsVersionList + " (Perses defaults to `TLS13`)."},
			}),
		},
	}
	if s.project {
		attrs["project"] = schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "Project the secret belongs to; only the datasources of this project can use it. Changing it replaces the secret.",
			Validators:          []validator.String{rules.Name(exampleProjectName)},
		}
	}
	return schema.Schema{Version: secretSchemaVersion, MarkdownDescription: secretDescription(s), Attributes: attrs}
}

// tlsVersions are the names Perses accepts (those of prometheus/common's TLSVersions).
var tlsVersions = []string{"TLS10", "TLS11", "TLS12", "TLS13"}

const tlsVersionList = "`TLS10`, `TLS11`, `TLS12`, `TLS13`"

func secretDescription(s scope) string {
	where := "A Perses global secret: credentials and TLS settings that the proxy of any global datasource can use (its `proxy.secret`)."
	if s.project {
		where = "A Perses project secret: credentials and TLS settings that the proxy of the project's datasources can use (their `proxy.secret`)."
	}
	return where + " Perses never gives secret values back (it masks them on read), so the provider reports no drift on them " +
		"and keeps what the configuration says. Each secret value (password, credentials, client secret, private key) can be written " +
		"write-only (`*_wo` with `*_wo_version`, Terraform 1.11+ / OpenTofu 1.11+: never stored in the state), or as a `Sensitive` " +
		"attribute for older CLIs (stored in the state), or as a `*_file` path on the Perses server. " +
		"The guide \"Secrets without state\" explains the forms."
}
