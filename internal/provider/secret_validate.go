package provider

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// validateSecretConfig checks, offline, what Perses would refuse or silently get wrong. Values
// not known yet are skipped: Terraform validates again once they are known (at plan).
func validateSecretConfig(ctx context.Context, config attrGetter) diag.Diagnostics {
	var diags diag.Diagnostics
	var set []string
	unknown := false
	for _, b := range secretBlocks {
		var obj types.Object
		diags.Append(config.GetAttribute(ctx, path.Root(b), &obj)...)
		switch {
		case obj.IsUnknown():
			unknown = true
		case !obj.IsNull():
			set = append(set, b)
		}
	}
	if diags.HasError() {
		return diags
	}
	if len(set) == 0 && !unknown {
		diags.Append(diagnostics.Error("Empty Perses Secret",
			"A secret needs at least one of basic_auth, authorization, oauth and tls_config, and none is set.",
			`Set one, e.g. basic_auth = { username = "perses", password_wo = var.password, password_wo_version = 1 }.`, nil))
	}
	var auth []string
	for _, b := range set {
		if b != tlsConfigBlock {
			auth = append(auth, b)
		}
	}
	if len(auth) > 1 {
		diags.Append(diagnostics.AttributeError(path.Root(auth[1]), "Conflicting Secret Authentications",
			fmt.Sprintf("%s are %s set, but the Perses proxy sends a single Authorization header: all but one would be silently ignored.", strings.Join(auth, " and "), bothOrAll(auth)),
			"Keep one of them, and put the other credentials in a secret of their own."))
	}
	for _, v := range secretValues {
		if slices.Contains(set, v.block) {
			diags.Append(validateSecretValue(ctx, config, v)...)
		}
	}
	if slices.Contains(set, tlsConfigBlock) {
		diags.Append(validateTLSConfig(ctx, config)...)
	}
	if slices.Contains(set, oauthBlock) {
		diags.Append(validateOAuth(ctx, config)...)
	}
	return diags
}

func bothOrAll(items []string) string {
	if len(items) == 2 {
		return "both"
	}
	return "all"
}

// isSet: known and not null. An empty string counts as set: the schema refuses it on its own
// (rules.NotEmptyString), so it is not reported twice.
func isSet(s types.String) bool { return !s.IsNull() && !s.IsUnknown() }

// validateSecretValue checks the forms of one secret value: exactly one (at most one for the TLS
// key), a version with the write-only form and only with it, and a warning for the form that
// lands in the state.
func validateSecretValue(ctx context.Context, config attrGetter, v secretValue) diag.Diagnostics {
	var diags diag.Diagnostics
	values := map[string]types.String{}
	for _, f := range v.forms() {
		var value types.String
		diags.Append(config.GetAttribute(ctx, v.path(f), &value)...)
		values[f] = value
	}
	var version types.Int64
	diags.Append(config.GetAttribute(ctx, v.path(v.woVersion()), &version)...)
	if diags.HasError() {
		return diags
	}
	value, wo := values[v.name], values[v.wo()]
	var forms, refs []string
	unknown := false
	for _, f := range v.forms() {
		unknown = unknown || values[f].IsUnknown()
		if isSet(values[f]) {
			forms, refs = append(forms, f), append(refs, v.ref(f))
		}
	}
	switch {
	case len(forms) > 1:
		diags.Append(diagnostics.AttributeError(v.path(forms[1]), "Conflicting Secret Value Forms",
			fmt.Sprintf("%s are %s set, but they are forms of the same %s and Perses takes one.", strings.Join(refs, " and "), bothOrAll(refs), v.what),
			"Keep one of them: "+v.choices()+"."))
	case len(forms) == 0 && v.required && !unknown:
		all := make([]string, 0, 3)
		for _, f := range v.forms() {
			all = append(all, v.ref(f))
		}
		at := path.Root(v.block)
		if v.block == "" {
			at = v.path(v.wo())
		}
		diags.Append(diagnostics.AttributeError(at, "Missing Secret Value",
			fmt.Sprintf("%s needs a %s, and none of %s is set.", v.owner(), v.what, listWords(all)),
			"Set one of them: "+v.choices()+"."))
	}
	if isSet(wo) && version.IsNull() {
		diags.Append(diagnostics.AttributeError(v.path(v.woVersion()), "Missing Write-Only Version",
			fmt.Sprintf("%s is set without %s.", v.ref(v.wo()), v.ref(v.woVersion())),
			fmt.Sprintf("Add %s = 1, and change it whenever %s gets a new value: Terraform keeps no copy of it, so the version is how it knows to send the new one.",
				v.ref(v.woVersion()), v.ref(v.wo()))))
	}
	if !version.IsNull() && !version.IsUnknown() && wo.IsNull() {
		diags.Append(diagnostics.AttributeError(v.path(v.woVersion()), "Write-Only Version Without Value",
			fmt.Sprintf("%s is set, but %s is not: there is no write-only value to version.", v.ref(v.woVersion()), v.ref(v.wo())),
			fmt.Sprintf("Set %s to the %s, or remove %s.", v.ref(v.wo()), v.what, v.ref(v.woVersion()))))
	}
	if isSet(value) && value.ValueString() != "" {
		diags.Append(diagnostics.AttributeWarning(v.path(v.name), "Secret Value Stored In State",
			fmt.Sprintf("%s is stored in the Terraform state in clear text: plan output hides it, the state file does not.", v.ref(v.name)),
			fmt.Sprintf("With Terraform 1.11+ or OpenTofu 1.11+, write %s = ... with %s = 1 instead: a write-only value is never stored. "+
				"See the guide \"Secrets without state\".", v.ref(v.wo()), v.ref(v.woVersion()))))
	}
	return diags
}

func validateTLSConfig(ctx context.Context, config attrGetter) diag.Diagnostics {
	var diags diag.Diagnostics
	var tls struct {
		CA, CAFile, Cert, CertFile, Key, KeyWO, KeyFile, MinVersion, MaxVersion types.String
	}
	for name, target := range map[string]*types.String{
		"ca": &tls.CA, "ca_file": &tls.CAFile, "cert": &tls.Cert, "cert_file": &tls.CertFile,
		"key": &tls.Key, "key_wo": &tls.KeyWO, "key_file": &tls.KeyFile, "min_version": &tls.MinVersion, "max_version": &tls.MaxVersion,
	} {
		diags.Append(config.GetAttribute(ctx, path.Root(tlsConfigBlock).AtName(name), target)...)
	}
	if diags.HasError() {
		return diags
	}
	for _, pair := range []struct {
		inline, file           string
		inlineValue, fileValue types.String
	}{{"ca", "ca_file", tls.CA, tls.CAFile}, {"cert", "cert_file", tls.Cert, tls.CertFile}} {
		if isSet(pair.inlineValue) && isSet(pair.fileValue) {
			diags.Append(diagnostics.AttributeError(path.Root(tlsConfigBlock).AtName(pair.file), "Conflicting TLS Settings",
				fmt.Sprintf("tls_config.%s and tls_config.%s are both set, but Perses uses one of them.", pair.inline, pair.file),
				fmt.Sprintf("Keep tls_config.%s (the PEM text) or tls_config.%s (a path on the Perses server).", pair.inline, pair.file)))
		}
	}
	known := func(values ...types.String) bool {
		for _, v := range values {
			if v.IsUnknown() {
				return false
			}
		}
		return true
	}
	hasCert, hasKey := isSet(tls.Cert) || isSet(tls.CertFile), isSet(tls.Key) || isSet(tls.KeyWO) || isSet(tls.KeyFile)
	if known(tls.Cert, tls.CertFile, tls.Key, tls.KeyWO, tls.KeyFile) && hasCert != hasKey {
		problem := "tls_config has a client certificate (cert or cert_file) but no key, and a client certificate is useless without its key."
		if hasKey {
			problem = "tls_config has a client key (key_wo, key or key_file) but no certificate, and a key is useless without its certificate."
		}
		diags.Append(diagnostics.AttributeError(path.Root(tlsConfigBlock), "Incomplete Client Certificate", problem,
			"Set both tls_config.cert (or cert_file) and a key (key_wo with key_wo_version, key, or key_file), or neither."))
	}
	for name, v := range map[string]types.String{"min_version": tls.MinVersion, "max_version": tls.MaxVersion} {
		if !isSet(v) || slices.Contains(tlsVersions, v.ValueString()) {
			continue
		}
		fix := "Write one of TLS10, TLS11, TLS12 and TLS13."
		if s := suggestTLSVersion(v.ValueString()); s != "" {
			fix = fmt.Sprintf("Write %q.", s)
		}
		diags.Append(diagnostics.AttributeError(path.Root(tlsConfigBlock).AtName(name), "Invalid TLS Version",
			fmt.Sprintf("tls_config.%s is %q, which is not a TLS version Perses knows.", name, v.ValueString()), fix))
	}
	lo, hi := slices.Index(tlsVersions, tls.MinVersion.ValueString()), slices.Index(tlsVersions, tls.MaxVersion.ValueString())
	if lo >= 0 && hi >= 0 && lo > hi {
		diags.Append(diagnostics.AttributeError(path.Root(tlsConfigBlock).AtName("min_version"), "Invalid TLS Version Range",
			fmt.Sprintf("tls_config.min_version %s is above tls_config.max_version %s: no connection could be made.", tls.MinVersion.ValueString(), tls.MaxVersion.ValueString()),
			"Lower min_version or raise max_version."))
	}
	return diags
}

// suggestTLSVersion reads the usual ways of writing a version ("1.2", "TLSv1.2", "tls1.3").
func suggestTLSVersion(s string) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	if candidate := "TLS" + digits; slices.Contains(tlsVersions, candidate) {
		return candidate
	}
	return ""
}

func validateOAuth(ctx context.Context, config attrGetter) diag.Diagnostics {
	var diags diag.Diagnostics
	var tokenURL types.String
	var authStyle types.Int64
	diags.Append(config.GetAttribute(ctx, path.Root(oauthBlock).AtName("token_url"), &tokenURL)...)
	diags.Append(config.GetAttribute(ctx, path.Root(oauthBlock).AtName("auth_style"), &authStyle)...)
	if diags.HasError() {
		return diags
	}
	if isSet(tokenURL) {
		u, err := url.Parse(tokenURL.ValueString())
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			diags.Append(diagnostics.AttributeError(path.Root(oauthBlock).AtName("token_url"), "Invalid URL",
				fmt.Sprintf("oauth.token_url is %q, which is not an absolute http:// or https:// URL.", tokenURL.ValueString()),
				`Write the full URL of the token endpoint, e.g. "https://auth.example.com/oauth2/token".`))
		}
	}
	if !authStyle.IsNull() && !authStyle.IsUnknown() && (authStyle.ValueInt64() < 0 || authStyle.ValueInt64() > 2) {
		diags.Append(diagnostics.AttributeError(path.Root(oauthBlock).AtName("auth_style"), "Invalid OAuth Auth Style",
			fmt.Sprintf("oauth.auth_style is %d, which Perses does not know.", authStyle.ValueInt64()),
			"Write 0 (detect), 1 (client ID and secret in the request body) or 2 (as basic auth)."))
	}
	return diags
}
