package plugins

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// Credentials belong in a Perses secret (perses_global_secret, perses_project_secret), which the
// proxy names in its secret field: anywhere else in a datasource they are stored in clear in
// Perses, shown to whoever can read the datasource, and kept in the Terraform state. The checks
// below refuse them where they are usually written: the user info of a URL
// (https://user:password@host, https://token@host) and credential headers of the proxy. The
// typed attributes and the raw plugin.spec_json share them (SpecCredentialProblems), with the
// same words.

// CredentialHeaders are the proxy headers refused as credentials, compared in any letter case:
// the standard ones and the API-key and token headers backends commonly read.
var CredentialHeaders = []string{
	"Authorization", "Proxy-Authorization", "Cookie",
	"Api-Key", "X-Api-Key", "X-Auth-Token", "X-Access-Token", "Private-Token",
}

// isCredentialHeader says whether name is one of CredentialHeaders, in any letter case.
func isCredentialHeader(name string) bool {
	return slices.ContainsFunc(CredentialHeaders, func(h string) bool { return strings.EqualFold(h, name) })
}

// secretResources names where credentials go, for the fixes.
const secretResources = "a perses_global_secret or perses_project_secret"

// splitUserInfo reads the user info of an http(s) URL: clean is the URL without it, masked the
// URL with it replaced by *** (never quote a password back); ok is false when the URL has none.
// The URL is cut as text, not re-encoded, so clean is what the user wrote but the user info.
func splitUserInfo(value string) (clean, masked string, ok bool) {
	u, err := url.Parse(value)
	if err != nil || u.User == nil {
		return "", "", false
	}
	scheme, rest, found := strings.Cut(value, "://")
	if !found {
		return "", "", false
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	at := strings.LastIndex(rest[:end], "@")
	if at < 0 {
		return "", "", false
	}
	return scheme + "://" + rest[at+1:], scheme + "://***@" + rest[at+1:], true
}

// credentialWords are the words of one form of the configuration: the typed attributes or the raw
// plugin.spec_json.
type credentialWords struct {
	// inField completes a fix's "Write <url>" with where to write it ("" for the attribute itself).
	inField string
	// secretField is where the secret's name goes, e.g. "proxy.secret".
	secretField string
	// proxyExample shows a proxy with a secret for url, in the form's syntax.
	proxyExample func(url string) string
}

var (
	typedWords = credentialWords{
		secretField:  "proxy.secret",
		proxyExample: func(u string) string { return fmt.Sprintf(`proxy = { url = %q, secret = "<secret name>" }`, u) },
	}
	rawWords = credentialWords{
		secretField: "proxy.spec.secret",
		proxyExample: func(u string) string {
			return fmt.Sprintf(`proxy = { kind = "HTTPProxy", spec = { url = %q, secret = "<secret name>" } }`, u)
		},
	}
)

// userInfoProblem is the problem and fix of a URL with user info; subject says where it is, e.g.
// `prometheus.proxy.url is "https://***@host"`, and direct whether it is a direct URL.
func (w credentialWords) userInfoProblem(subject, clean string, direct bool) (problem, fix string) {
	if direct {
		return subject + ", which carries credentials before its host: Perses hands the direct URL to the browser of " +
				"every dashboard viewer, and it would be stored in clear in Perses and in the Terraform state.",
			fmt.Sprintf("Write %q%s. For a backend that needs credentials, let the Perses server query it instead: %s, "+
				"with the credentials in %s (basic_auth).", clean, w.inField, w.proxyExample(clean), secretResources)
	}
	return subject + ", which carries credentials before its host: they would be stored in clear in Perses and in the Terraform state.",
		fmt.Sprintf("Write %q%s, and put the credentials in %s (basic_auth) whose name you set in %s.",
			clean, w.inField, secretResources, w.secretField)
}

// headerProblem is the problem and fix of a credential header; subject says where it is, e.g.
// `prometheus.proxy.headers sets the header "Cookie"`.
func (w credentialWords) headerProblem(subject, name string) (problem, fix string) {
	problem = subject + ", which carries credentials: they would be stored in clear in Perses and in the Terraform state."
	if strings.EqualFold(name, "Authorization") {
		// Perses drops the exact name (and forwards any other spelling, which Go sends as Authorization).
		problem = subject + ": Perses does not let a datasource's headers carry credentials, " +
			"and they would be stored in clear in Perses and in the Terraform state."
	}
	return problem, fmt.Sprintf("Put the credential in %s (basic_auth, authorization or oauth), set %s to its name, and remove this header.",
		secretResources, w.secretField)
}

// Problem is a mistake found in a raw plugin spec, worded for a diagnostic on the attribute that
// holds the spec.
type Problem struct{ Summary, Detail, Fix string }

// SpecCredentialProblems finds the credentials a raw plugin spec (as encoding/json decodes it)
// holds outside a secret: user info in directUrl or in the HTTP proxy's url, credential headers in
// the proxy's headers. at is the attribute holding the spec, e.g. "plugin.spec_json".
func SpecCredentialProblems(at string, spec any) []Problem {
	var problems []Problem
	if direct, ok := DirectURLOf(spec); ok {
		if clean, masked, has := splitUserInfo(direct); has {
			w := rawWords
			w.inField = " in directUrl"
			detail, fix := w.userInfoProblem(fmt.Sprintf("%s sets directUrl to %q", at, masked), clean, true)
			problems = append(problems, Problem{Summary: "Credentials In URL", Detail: detail, Fix: fix})
		}
	}
	proxy, ok := ProxyOf(spec)
	if !ok {
		return problems
	}
	if clean, masked, has := splitUserInfo(proxy.URL); has {
		w := rawWords
		w.inField = " in proxy.spec.url"
		detail, fix := w.userInfoProblem(fmt.Sprintf("%s sets proxy.spec.url to %q", at, masked), clean, false)
		problems = append(problems, Problem{Summary: "Credentials In URL", Detail: detail, Fix: fix})
	}
	for _, name := range slices.Sorted(maps.Keys(proxy.Headers)) {
		if isCredentialHeader(name) {
			detail, fix := rawWords.headerProblem(fmt.Sprintf("%s sets the header %q in proxy.spec.headers", at, name), name)
			problems = append(problems, Problem{Summary: "Credentials In Proxy Headers", Detail: detail, Fix: fix})
		}
	}
	return problems
}

var (
	_ validator.String = noUserInfoValidator{}
	_ validator.Map    = noCredentialHeadersValidator{}
)

// noUserInfoValidator refuses a direct_url or proxy.url with user info. direct says which.
type noUserInfoValidator struct{ direct bool }

func (v noUserInfoValidator) Description(context.Context) string {
	return "must not carry credentials (user info before the host): they belong in a Perses secret"
}

func (v noUserInfoValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v noUserInfoValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	clean, masked, ok := splitUserInfo(req.ConfigValue.ValueString())
	if !ok {
		return
	}
	problem, fix := typedWords.userInfoProblem(fmt.Sprintf("%s is %q", req.Path, masked), clean, v.direct)
	resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Credentials In URL", problem, fix))
}

// noCredentialHeadersValidator refuses CredentialHeaders in the proxy's headers.
type noCredentialHeadersValidator struct{}

func (v noCredentialHeadersValidator) Description(context.Context) string {
	return "must not set credential headers (" + strings.Join(CredentialHeaders, ", ") + "): credentials belong in a Perses secret"
}

func (v noCredentialHeadersValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v noCredentialHeadersValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, name := range slices.Sorted(maps.Keys(req.ConfigValue.Elements())) {
		if !isCredentialHeader(name) {
			continue
		}
		problem, fix := typedWords.headerProblem(fmt.Sprintf("%s sets the header %q", req.Path, name), name)
		resp.Diagnostics.Append(diagnostics.AttributeError(req.Path.AtMapKey(name), "Credentials In Proxy Headers", problem, fix))
	}
}
