// Package probe says what an answer that came back through the Perses proxy of a datasource means,
// and what to fix, in the words of the configuration: which attribute, what to write. It knows
// Perses and its proxy, nothing of Terraform: the provider names the datasource and its attributes
// (Target) and turns the result into diagnostics.
package probe

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/plugins"
)

// A diagnosis says who failed (the Perses proxy's own rules, the network path from the Perses
// server, TLS, the backend's credentials) because each has a different fix, and the same status
// code (403) can come from two of them.

// Target is the probed datasource, with the configuration words the diagnoses quote.
type Target struct {
	// What names the datasource in messages, e.g. `global datasource "prom"`.
	What string
	// Project is the datasource's project; "" for a global datasource.
	Project string
	// KindAttribute is the configuration block of the datasource's kind, e.g. "prometheus"; ""
	// when its plugin spec is written as JSON, in SpecJSONAttribute (e.g. "plugin.spec_json").
	KindAttribute, SpecJSONAttribute string
	// SecretResource is the resource type of the secrets its proxy may name, e.g.
	// "perses_global_secret".
	SecretResource string
	// Proxy is its HTTP proxy as stored; nil when it has none (it uses directUrl).
	Proxy *plugins.Proxy
}

// Request is the request the probe sent through the proxy.
type Request struct{ Method, Path string }

func (r Request) String() string { return r.Method + " " + r.Path }

// pathOnly is the path the proxy matches allowedEndpoints against: without the query string.
func (r Request) pathOnly() string {
	path, _, _ := strings.Cut(r.Path, "?")
	return path
}

// proxyAttribute names a proxy field in the configuration: "prometheus.proxy.secret", or the JSON
// path inside the plugin spec JSON for a kind without a typed attribute.
func (t Target) proxyAttribute(field, jsonField string) string {
	if t.KindAttribute == "" {
		return "proxy.spec." + jsonField + " in " + t.SpecJSONAttribute
	}
	return t.KindAttribute + ".proxy." + field
}

func (t Target) secretName() string {
	if t.Proxy == nil {
		return ""
	}
	return t.Proxy.Secret
}

func (t Target) scopeWords() string {
	if t.Project != "" {
		return fmt.Sprintf("of project %q", t.Project)
	}
	return "in the global scope"
}

// Diagnose tells whether the probe succeeded and, when it did not, why and what to fix.
func Diagnose(t Target, sent Request, res *client.ProxyResponse) (ok bool, diagnosis string) {
	ms := res.Latency.Milliseconds()
	switch res.Outcome {
	case client.ProxyBackendAnswered:
		if res.StatusCode >= 200 && res.StatusCode <= 299 {
			return true, fmt.Sprintf("%s through the Perses proxy of %s answered %d in %d ms.", sent, t.What, res.StatusCode, ms)
		}
		return false, diagnoseBackendAnswer(t, sent, res)
	case client.ProxyEndpointNotAllowed:
		return false, diagnoseEndpointNotAllowed(t, sent)
	case client.ProxyDatasourceNotFound:
		return false, fmt.Sprintf("%s does not exist on the Perses server (the proxy answered 404). Check name and project.", t.What)
	case client.ProxyRouteNotFound:
		return false, fmt.Sprintf("The Perses server has no proxy route for %s to %s (it answered 404: %s), although the datasource exists. "+
			"Perses before v0.52.0 cannot proxy a request to a datasource's root path (/): upgrade Perses, or probe a path below the root.",
			sent, t.What, res.Message)
	case client.ProxySecretNotFound:
		return false, fmt.Sprintf("The Perses proxy of %s cannot forward requests: the secret %q that %s names does not exist (the proxy answered 404: %s). "+
			"Create it with a %s resource, or fix the name.", t.What, t.secretName(), t.proxyAttribute("secret", "secret"), res.Message, t.SecretResource)
	case client.ProxyBackendUnreachable:
		return false, diagnoseUnreachable(t, sent, fmt.Sprintf("the proxy answered %d: %s", res.StatusCode, res.Message))
	case client.ProxyBackendTLS:
		return false, diagnoseTLS(t, res.Message)
	case client.ProxyAccessDenied:
		return false, fmt.Sprintf("The Perses server refused the provider's own credentials for the proxy of %s (%d: %s). "+
			"Give the provider's user the read permission on datasources %s (a role binding), or configure other credentials in the provider block.",
			t.What, res.StatusCode, res.Message, t.scopeWords())
	}
	return false, fmt.Sprintf("The Perses server answered %d to %s through the proxy of %s: %s. The Perses server's log says more.",
		res.StatusCode, sent, t.What, res.Message)
}

// diagnoseBackendAnswer explains an error status that came from the backend itself.
func diagnoseBackendAnswer(t Target, sent Request, res *client.ProxyResponse) string {
	answered := fmt.Sprintf("%s answered %d", sent, res.StatusCode)
	if res.Message != "" {
		answered += fmt.Sprintf(" (%s)", res.Message)
	}
	switch res.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden:
		problem := fmt.Sprintf("The backend of %s refused the credentials the Perses proxy sent: %s.", t.What, answered)
		if secret := t.secretName(); secret != "" {
			return problem + fmt.Sprintf(" Check basic_auth, authorization or oauth in the %s %q that %s names: the password or token may be wrong, "+
				"expired, or lack a permission on the backend.", t.SecretResource, secret, t.proxyAttribute("secret", "secret"))
		}
		return problem + fmt.Sprintf(" %s names no secret, so the proxy sends no credentials: create a %s with basic_auth, authorization or oauth "+
			"and set %s to its name.", t.proxyAttribute("secret", "secret"), t.SecretResource, t.proxyAttribute("secret", "secret"))
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return diagnoseUnreachable(t, sent, "a gateway in front of the backend "+strings.TrimPrefix(answered, sent.String()+" "))
	case http.StatusNotFound:
		return fmt.Sprintf("The backend of %s does not know the path: %s through the Perses proxy. Check path, and that %s is the backend's base URL "+
			"(the proxy appends the path to it).", t.What, answered, t.proxyAttribute("url", "url"))
	}
	return fmt.Sprintf("The backend of %s failed the probe: %s through the Perses proxy. Check path, method and body against the backend's API, and the backend's own log.",
		t.What, answered)
}

// diagnoseEndpointNotAllowed names the method and path that allowed_endpoints does not let through.
func diagnoseEndpointNotAllowed(t Target, sent Request) string {
	attribute := t.proxyAttribute("allowed_endpoints", "allowedEndpoints")
	path := sent.pathOnly()
	problem := fmt.Sprintf("The Perses proxy of %s refused %s with 403: no entry of %s allows %s for the path %s", t.What, sent, attribute, sent.Method, path)
	if t.Proxy != nil {
		if others := methodsAllowedFor(t.Proxy.AllowedEndpoints, path); len(others) > 0 {
			problem += fmt.Sprintf(" (entries for it allow %s only)", strings.Join(others, ", "))
		}
	}
	pattern := suggestedPattern(path)
	if t.KindAttribute == "" {
		return problem + fmt.Sprintf(". Add {\"endpointPattern\": %q, \"method\": %q} to %s.", pattern, sent.Method, attribute)
	}
	return problem + fmt.Sprintf(". Add { endpoint_pattern = %q, method = %q } to %s.", pattern, sent.Method, attribute)
}

// methodsAllowedFor lists the methods of the entries that let path through, in their order.
func methodsAllowedFor(endpoints []plugins.Endpoint, path string) []string {
	var methods []string
	for _, e := range endpoints {
		if plugins.Allows([]plugins.Endpoint{e}, e.Method, path) && !slices.Contains(methods, e.Method) {
			methods = append(methods, e.Method)
		}
	}
	return methods
}

// suggestedPattern is an endpoint_pattern that lets path through and little else: the path
// itself when it is a plain path (as the Perses UI writes its defaults), escaped otherwise, and
// anchored for the root, which would otherwise match every path.
func suggestedPattern(path string) string {
	if path == "/" {
		return "^/$"
	}
	if regexp.QuoteMeta(path) == strings.ReplaceAll(path, ".", `\.`) {
		return path
	}
	return regexp.QuoteMeta(path)
}

// diagnoseUnreachable: the Perses server, not Terraform, dials the proxy URL.
func diagnoseUnreachable(t Target, sent Request, why string) string {
	at := ""
	if t.Proxy != nil {
		at = fmt.Sprintf(" at %s (%s)", t.Proxy.URL, t.proxyAttribute("url", "url"))
	}
	service, container := exampleServiceURLs(t)
	return fmt.Sprintf("The Perses server could not reach the backend of %s%s for %s: %s. "+
		"The proxy URL is dialled by the Perses server, not by Terraform: if Perses runs in a container, localhost is that container. "+
		"Use a name the Perses server resolves, such as the backend's service or container DNS name (%s in Kubernetes, %s with Docker Compose), "+
		"and check that the backend is up.", t.What, at, sent, why, service, container)
}

// exampleServiceURLs rewrites the proxy URL with a Kubernetes service and a Compose service host.
func exampleServiceURLs(t Target) (string, string) {
	name := t.KindAttribute
	if name == "" {
		name = "backend"
	}
	scheme, port := "http", ""
	if t.Proxy != nil {
		if u, err := url.Parse(t.Proxy.URL); err == nil && u.Scheme != "" {
			scheme = u.Scheme
			if u.Port() != "" {
				port = ":" + u.Port()
			}
		}
	}
	return fmt.Sprintf("%s://%s.monitoring.svc%s", scheme, name, port), fmt.Sprintf("%s://%s%s", scheme, name, port)
}

// diagnoseTLS points at the secret's tls_config, or at the scheme when the backend speaks HTTP.
func diagnoseTLS(t Target, message string) string {
	at := ""
	if t.Proxy != nil {
		at = " at " + t.Proxy.URL
	}
	problem := fmt.Sprintf("The TLS connection from the Perses server to the backend of %s%s failed: %s.", t.What, at, message)
	if strings.Contains(message, "HTTPS client") {
		return problem + fmt.Sprintf(" The backend answers plain HTTP: write http:// instead of https:// in %s.", t.proxyAttribute("url", "url"))
	}
	settings := "ca (or ca_file) with the CA that signed the backend's certificate, server_name if the certificate names another host, " +
		"or insecure_skip_verify = true for a test backend"
	if secret := t.secretName(); secret != "" {
		return problem + fmt.Sprintf(" Set tls_config in the %s %q that %s names: %s.", t.SecretResource, secret, t.proxyAttribute("secret", "secret"), settings)
	}
	return problem + fmt.Sprintf(" Create a %s with tls_config (%s) and set %s to its name.", t.SecretResource, settings, t.proxyAttribute("secret", "secret"))
}

// NoProxy is the diagnosis of a datasource without proxy (direct_url): browsers query it, never
// the Perses server.
func NoProxy(t Target) string {
	return fmt.Sprintf("%s has no proxy (it uses direct_url): browsers query its backend directly, so the Perses server cannot probe it. "+
		"Give it a proxy to probe it, or check its URL from where the dashboards are viewed.", t.What)
}

// NotFound is the diagnosis of a datasource missing from the scope probed (project "" for the
// global one); what names it in messages, elsewhere is where one of that name exists (see
// SameNameElsewhere).
func NotFound(what, project, name string, elsewhere []string) string {
	problem := fmt.Sprintf("%s does not exist on the Perses server.", what)
	switch {
	case project != "" && len(elsewhere) > 0:
		return problem + fmt.Sprintf(" A global datasource named %q exists: remove project to probe it.", name)
	case project == "" && len(elsewhere) == 1:
		return problem + fmt.Sprintf(" A project datasource of that name exists in project %q: set project = %q to probe it.", elsewhere[0], elsewhere[0])
	case project == "" && len(elsewhere) > 1:
		return problem + fmt.Sprintf(" Project datasources of that name exist in projects %s: set project to one of them to probe it.", quoteAll(elsewhere))
	}
	return problem + " No datasource of that name exists in the other scope either: check name (and project)."
}

func quoteAll(list []string) string {
	quoted := make([]string, len(list))
	for i, s := range list {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(quoted, ", ")
}
