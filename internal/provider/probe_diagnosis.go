package provider

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/perses/terraform-provider-perses/internal/client"
)

// A probe's diagnosis turns what came back through the Perses proxy into the fix, in the words of
// the configuration: which attribute, what to write. It says who failed (the Perses proxy's own
// rules, the network path from the Perses server, TLS, the backend's credentials) because each
// has a different fix, and the same status code (403) can come from two of them.

// probeTarget is what a diagnosis needs to know about the probed datasource.
type probeTarget struct {
	scope         scope
	project, name string
	// kindAttribute is the typed attribute of its kind ("prometheus"), or "plugin".
	kindAttribute string
	// proxy is its HTTP proxy as stored; nil when it has none (direct_url).
	proxy *storedProxy
}

// storedProxy is the part of a stored HTTPProxy the diagnoses quote.
type storedProxy struct {
	url       string
	secret    string
	endpoints []storedEndpoint
}

type storedEndpoint struct{ pattern, method string }

func (t probeTarget) what() string { return t.scope.describe(t.project, t.name) }

// proxyAttribute names a proxy field in the configuration: "prometheus.proxy.secret", or the JSON
// path inside plugin.spec_json for a kind without a typed attribute.
func (t probeTarget) proxyAttribute(field, jsonField string) string {
	if t.kindAttribute == pluginAttribute {
		return "proxy.spec." + jsonField + " in plugin.spec_json"
	}
	return t.kindAttribute + ".proxy." + field
}

// secretResource is the resource type of the secrets this datasource's proxy may name.
func (t probeTarget) secretResource() string {
	if t.scope.project {
		return "perses_project_secret"
	}
	return "perses_global_secret"
}

// probeSent is the request the probe sent.
type probeSent struct{ method, path string }

func (p probeSent) String() string { return p.method + " " + p.path }

// pathOnly is the path the proxy matches allowed_endpoints against: without the query string.
func (p probeSent) pathOnly() string {
	path, _, _ := strings.Cut(p.path, "?")
	return path
}

// diagnose tells whether the probe succeeded and why it did not.
func diagnose(t probeTarget, sent probeSent, res *client.ProxyResponse) (bool, string) {
	ms := res.Latency.Milliseconds()
	switch res.Outcome {
	case client.ProxyBackendAnswered:
		if res.StatusCode >= 200 && res.StatusCode <= 299 {
			return true, fmt.Sprintf("%s through the Perses proxy of %s answered %d in %d ms.", sent, t.what(), res.StatusCode, ms)
		}
		return false, diagnoseBackendAnswer(t, sent, res)
	case client.ProxyEndpointNotAllowed:
		return false, diagnoseEndpointNotAllowed(t, sent)
	case client.ProxyDatasourceNotFound:
		return false, fmt.Sprintf("%s does not exist on the Perses server (the proxy answered 404). Check name and project.", t.what())
	case client.ProxySecretNotFound:
		return false, fmt.Sprintf("The Perses proxy of %s cannot forward requests: the secret %q that %s names does not exist (the proxy answered 404: %s). "+
			"Create it with a %s resource, or fix the name.", t.what(), t.secretName(), t.proxyAttribute("secret", "secret"), res.Message, t.secretResource())
	case client.ProxyBackendUnreachable:
		return false, diagnoseUnreachable(t, sent, fmt.Sprintf("the proxy answered %d: %s", res.StatusCode, res.Message))
	case client.ProxyBackendTLS:
		return false, diagnoseTLS(t, res.Message)
	case client.ProxyAccessDenied:
		return false, fmt.Sprintf("The Perses server refused the provider's own credentials for the proxy of %s (%d: %s). "+
			"Give the provider's user the read permission on datasources %s (a role binding), or configure other credentials in the provider block.",
			t.what(), res.StatusCode, res.Message, t.scopeWords())
	}
	return false, fmt.Sprintf("The Perses server answered %d to %s through the proxy of %s: %s. The Perses server's log says more.",
		res.StatusCode, sent, t.what(), res.Message)
}

func (t probeTarget) secretName() string {
	if t.proxy == nil {
		return ""
	}
	return t.proxy.secret
}

func (t probeTarget) scopeWords() string {
	if t.scope.project {
		return fmt.Sprintf("of project %q", t.project)
	}
	return "in the global scope"
}

// diagnoseBackendAnswer explains an error status that came from the backend itself.
func diagnoseBackendAnswer(t probeTarget, sent probeSent, res *client.ProxyResponse) string {
	answered := fmt.Sprintf("%s answered %d", sent, res.StatusCode)
	if res.Message != "" {
		answered += fmt.Sprintf(" (%s)", res.Message)
	}
	switch res.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden:
		problem := fmt.Sprintf("The backend of %s refused the credentials the Perses proxy sent: %s.", t.what(), answered)
		if secret := t.secretName(); secret != "" {
			return problem + fmt.Sprintf(" Check basic_auth, authorization or oauth in the %s %q that %s names: the password or token may be wrong, "+
				"expired, or lack a permission on the backend.", t.secretResource(), secret, t.proxyAttribute("secret", "secret"))
		}
		return problem + fmt.Sprintf(" %s names no secret, so the proxy sends no credentials: create a %s with basic_auth, authorization or oauth "+
			"and set %s to its name.", t.proxyAttribute("secret", "secret"), t.secretResource(), t.proxyAttribute("secret", "secret"))
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return diagnoseUnreachable(t, sent, "a gateway in front of the backend "+strings.TrimPrefix(answered, sent.String()+" "))
	case http.StatusNotFound:
		return fmt.Sprintf("The backend of %s does not know the path: %s through the Perses proxy. Check path, and that %s is the backend's base URL "+
			"(the proxy appends the path to it).", t.what(), answered, t.proxyAttribute("url", "url"))
	}
	return fmt.Sprintf("The backend of %s failed the probe: %s through the Perses proxy. Check path, method and body against the backend's API, and the backend's own log.",
		t.what(), answered)
}

// diagnoseEndpointNotAllowed names the method and path that allowed_endpoints does not let through.
func diagnoseEndpointNotAllowed(t probeTarget, sent probeSent) string {
	attribute := t.proxyAttribute("allowed_endpoints", "allowedEndpoints")
	path := sent.pathOnly()
	problem := fmt.Sprintf("The Perses proxy of %s refused %s with 403: no entry of %s allows %s for the path %s", t.what(), sent, attribute, sent.method, path)
	if t.proxy != nil {
		if others := methodsAllowedFor(t.proxy.endpoints, path); len(others) > 0 {
			problem += fmt.Sprintf(" (entries for it allow %s only)", strings.Join(others, ", "))
		}
	}
	pattern := suggestedPattern(path)
	if t.kindAttribute == pluginAttribute {
		return problem + fmt.Sprintf(". Add {\"endpointPattern\": %q, \"method\": %q} to %s.", pattern, sent.method, attribute)
	}
	return problem + fmt.Sprintf(". Add { endpoint_pattern = %q, method = %q } to %s.", pattern, sent.method, attribute)
}

// methodsAllowedFor lists the methods whose entries match path, in their order.
func methodsAllowedFor(endpoints []storedEndpoint, path string) []string {
	var methods []string
	for _, e := range endpoints {
		re, err := regexp.Compile(e.pattern)
		if err == nil && re.MatchString(path) && !containsString(methods, e.method) {
			methods = append(methods, e.method)
		}
	}
	return methods
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
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
func diagnoseUnreachable(t probeTarget, sent probeSent, why string) string {
	at := ""
	if t.proxy != nil {
		at = fmt.Sprintf(" at %s (%s)", t.proxy.url, t.proxyAttribute("url", "url"))
	}
	service, container := exampleServiceURLs(t)
	return fmt.Sprintf("The Perses server could not reach the backend of %s%s for %s: %s. "+
		"The proxy URL is dialled by the Perses server, not by Terraform: if Perses runs in a container, localhost is that container. "+
		"Use a name the Perses server resolves, such as the backend's service or container DNS name (%s in Kubernetes, %s with Docker Compose), "+
		"and check that the backend is up.", t.what(), at, sent, why, service, container)
}

// exampleServiceURLs rewrites the proxy URL with a Kubernetes service and a Compose service host.
func exampleServiceURLs(t probeTarget) (string, string) {
	name := t.kindAttribute
	if name == pluginAttribute {
		name = "backend"
	}
	scheme, port := "http", ""
	if t.proxy != nil {
		if u, err := url.Parse(t.proxy.url); err == nil && u.Scheme != "" {
			scheme = u.Scheme
			if u.Port() != "" {
				port = ":" + u.Port()
			}
		}
	}
	return fmt.Sprintf("%s://%s.monitoring.svc%s", scheme, name, port), fmt.Sprintf("%s://%s%s", scheme, name, port)
}

// diagnoseTLS points at the secret's tls_config, or at the scheme when the backend speaks HTTP.
func diagnoseTLS(t probeTarget, message string) string {
	at := ""
	if t.proxy != nil {
		at = " at " + t.proxy.url
	}
	problem := fmt.Sprintf("The TLS connection from the Perses server to the backend of %s%s failed: %s.", t.what(), at, message)
	if strings.Contains(message, "HTTPS client") {
		return problem + fmt.Sprintf(" The backend answers plain HTTP: write http:// instead of https:// in %s.", t.proxyAttribute("url", "url"))
	}
	settings := "ca (or ca_file) with the CA that signed the backend's certificate, server_name if the certificate names another host, " +
		"or insecure_skip_verify = true for a test backend"
	if secret := t.secretName(); secret != "" {
		return problem + fmt.Sprintf(" Set tls_config in the %s %q that %s names: %s.", t.secretResource(), secret, t.proxyAttribute("secret", "secret"), settings)
	}
	return problem + fmt.Sprintf(" Create a %s with tls_config (%s) and set %s to its name.", t.secretResource(), settings, t.proxyAttribute("secret", "secret"))
}

// diagnoseNoProxy: a direct_url datasource is queried by browsers, never by the Perses server.
func diagnoseNoProxy(t probeTarget) string {
	return fmt.Sprintf("%s has no proxy (it uses direct_url): browsers query its backend directly, so the Perses server cannot probe it. "+
		"Give it a proxy to probe it, or check its URL from where the dashboards are viewed.", t.what())
}

// diagnoseNotFound says the datasource is not in the scope probed, and where one of that name is.
func diagnoseNotFound(s scope, project, name string, elsewhere []string) string {
	problem := fmt.Sprintf("%s does not exist on the Perses server.", s.describe(project, name))
	switch {
	case s.project && len(elsewhere) > 0:
		return problem + fmt.Sprintf(" A global datasource named %q exists: remove project to probe it.", name)
	case !s.project && len(elsewhere) == 1:
		return problem + fmt.Sprintf(" A project datasource of that name exists in project %q: set project = %q to probe it.", elsewhere[0], elsewhere[0])
	case !s.project && len(elsewhere) > 1:
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
