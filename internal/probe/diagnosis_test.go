package probe

import (
	"net/http"
	"testing"
	"time"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/plugins"
)

// Each way a probe can fail gets the fix in the configuration's words. The messages of the
// proxy are the real ones of Perses v0.54.0.
func TestDiagnoseSaysWhoFailedAndWhatToFix(t *testing.T) {
	prom := Target{What: `global datasource "prom"`, KindAttribute: "prometheus", SecretResource: "perses_global_secret", Proxy: &plugins.Proxy{
		URL: "http://localhost:9090", Secret: "prom-credentials",
		AllowedEndpoints: []plugins.Endpoint{{Pattern: "/api/v1/query", Method: "GET"}, {Pattern: "/api/v1/labels", Method: "POST"}},
	}}
	noSecret := prom
	noSecret.Proxy = &plugins.Proxy{URL: "https://prometheus.example.com"}
	raw := Target{What: `project datasource "checkout/jaeger"`, Project: "checkout", SpecJSONAttribute: "plugin.spec_json",
		SecretResource: "perses_project_secret", Proxy: &plugins.Proxy{URL: "http://jaeger:16686", Secret: "creds"}}
	query := Request{Method: http.MethodPost, Path: "/api/v1/query"}
	answer := func(status int, outcome client.ProxyOutcome, message string) *client.ProxyResponse {
		return &client.ProxyResponse{StatusCode: status, Outcome: outcome, Message: message, Latency: 12 * time.Millisecond}
	}
	tests := []struct {
		name   string
		target Target
		sent   Request
		res    *client.ProxyResponse
		ok     bool
		want   string
	}{
		{"success", prom, query, answer(200, client.ProxyBackendAnswered, `{"status":"success"}`), true,
			`POST /api/v1/query through the Perses proxy of global datasource "prom" answered 200 in 12 ms.`},
		{"allowed_endpoints allows GET only", prom, query,
			answer(403, client.ProxyEndpointNotAllowed, `forbidden access: you are not allowed to use this endpoint "/api/v1/query" with the HTTP method POST`), false,
			`The Perses proxy of global datasource "prom" refused POST /api/v1/query with 403: no entry of prometheus.proxy.allowed_endpoints allows POST ` +
				`for the path /api/v1/query (entries for it allow GET only). Add { endpoint_pattern = "/api/v1/query", method = "POST" } to prometheus.proxy.allowed_endpoints.`},
		{"allowed_endpoints in spec_json, query string left out", raw, Request{Method: http.MethodGet, Path: "/api/services?limit=1"},
			answer(403, client.ProxyEndpointNotAllowed, "forbidden access: you are not allowed to use this endpoint"), false,
			`The Perses proxy of project datasource "checkout/jaeger" refused GET /api/services?limit=1 with 403: no entry of proxy.spec.allowedEndpoints in plugin.spec_json ` +
				`allows GET for the path /api/services. Add {"endpointPattern": "/api/services", "method": "GET"} to proxy.spec.allowedEndpoints in plugin.spec_json.`},
		{"the root is anchored", prom, Request{Method: http.MethodPost, Path: "/?query=SELECT%201"},
			answer(403, client.ProxyEndpointNotAllowed, "forbidden access: you are not allowed to use this endpoint"), false,
			`The Perses proxy of global datasource "prom" refused POST /?query=SELECT%201 with 403: no entry of prometheus.proxy.allowed_endpoints allows POST ` +
				`for the path /. Add { endpoint_pattern = "^/$", method = "POST" } to prometheus.proxy.allowed_endpoints.`},
		{"backend unreachable", prom, query, answer(500, client.ProxyBackendUnreachable, "dial tcp 127.0.0.1:9090: connect: connection refused"), false,
			`The Perses server could not reach the backend of global datasource "prom" at http://localhost:9090 (prometheus.proxy.url) for POST /api/v1/query: ` +
				`the proxy answered 500: dial tcp 127.0.0.1:9090: connect: connection refused. The proxy URL is dialled by the Perses server, not by Terraform: ` +
				`if Perses runs in a container, localhost is that container. Use a name the Perses server resolves, such as the backend's service or container DNS name ` +
				`(http://prometheus.monitoring.svc:9090 in Kubernetes, http://prometheus:9090 with Docker Compose), and check that the backend is up.`},
		{"a gateway in front of the backend", noSecret, query, answer(502, client.ProxyBackendAnswered, "Bad Gateway"), false,
			`The Perses server could not reach the backend of global datasource "prom" at https://prometheus.example.com (prometheus.proxy.url) for POST /api/v1/query: ` +
				`a gateway in front of the backend answered 502 (Bad Gateway). The proxy URL is dialled by the Perses server, not by Terraform: ` +
				`if Perses runs in a container, localhost is that container. Use a name the Perses server resolves, such as the backend's service or container DNS name ` +
				`(https://prometheus.monitoring.svc in Kubernetes, https://prometheus with Docker Compose), and check that the backend is up.`},
		{"tls with a secret", prom, query, answer(500, client.ProxyBackendTLS, "tls: failed to verify certificate: x509: certificate signed by unknown authority"), false,
			`The TLS connection from the Perses server to the backend of global datasource "prom" at http://localhost:9090 failed: tls: failed to verify certificate: ` +
				`x509: certificate signed by unknown authority. Set tls_config in the perses_global_secret "prom-credentials" that prometheus.proxy.secret names: ` +
				`ca (or ca_file) with the CA that signed the backend's certificate, server_name if the certificate names another host, or insecure_skip_verify = true for a test backend.`},
		{"tls without a secret", noSecret, query, answer(500, client.ProxyBackendTLS, "tls: failed to verify certificate: x509: certificate has expired or is not yet valid"), false,
			`The TLS connection from the Perses server to the backend of global datasource "prom" at https://prometheus.example.com failed: tls: failed to verify certificate: ` +
				`x509: certificate has expired or is not yet valid. Create a perses_global_secret with tls_config (ca (or ca_file) with the CA that signed the backend's certificate, ` +
				`server_name if the certificate names another host, or insecure_skip_verify = true for a test backend) and set prometheus.proxy.secret to its name.`},
		{"https to a plain http backend", noSecret, query, answer(500, client.ProxyBackendTLS, "http: server gave HTTP response to HTTPS client"), false,
			`The TLS connection from the Perses server to the backend of global datasource "prom" at https://prometheus.example.com failed: ` +
				`http: server gave HTTP response to HTTPS client. The backend answers plain HTTP: write http:// instead of https:// in prometheus.proxy.url.`},
		{"backend refuses the secret", prom, query, answer(401, client.ProxyBackendAnswered, "Unauthorized"), false,
			`The backend of global datasource "prom" refused the credentials the Perses proxy sent: POST /api/v1/query answered 401 (Unauthorized). ` +
				`Check basic_auth, authorization or oauth in the perses_global_secret "prom-credentials" that prometheus.proxy.secret names: ` +
				`the password or token may be wrong, expired, or lack a permission on the backend.`},
		{"backend wants credentials, no secret", noSecret, query, answer(403, client.ProxyBackendAnswered, ""), false,
			`The backend of global datasource "prom" refused the credentials the Perses proxy sent: POST /api/v1/query answered 403. ` +
				`prometheus.proxy.secret names no secret, so the proxy sends no credentials: create a perses_global_secret with basic_auth, authorization or oauth ` +
				`and set prometheus.proxy.secret to its name.`},
		{"backend does not know the path", prom, Request{Method: http.MethodGet, Path: "/nope"}, answer(404, client.ProxyBackendAnswered, "404 page not found"), false,
			`The backend of global datasource "prom" does not know the path: GET /nope answered 404 (404 page not found) through the Perses proxy. ` +
				`Check path, and that prometheus.proxy.url is the backend's base URL (the proxy appends the path to it).`},
		{"backend refuses the request", prom, query, answer(400, client.ProxyBackendAnswered, `{"status":"error","error":"parse error"}`), false,
			`The backend of global datasource "prom" failed the probe: POST /api/v1/query answered 400 ({"status":"error","error":"parse error"}) through the Perses proxy. ` +
				`Check path, method and body against the backend's API, and the backend's own log.`},
		// Perses v0.51.0 has no proxy route for a datasource's root path: not a missing datasource.
		{"no proxy route for the root path", prom, Request{Method: http.MethodGet, Path: "/?query=SELECT%201"}, answer(404, client.ProxyRouteNotFound, "Not Found"), false,
			`The Perses server has no proxy route for GET /?query=SELECT%201 to global datasource "prom" (it answered 404: Not Found), although the datasource exists. ` +
				`Perses before v0.52.0 cannot proxy a request to a datasource's root path (/): upgrade Perses, or probe a path below the root.`},
		{"missing secret", raw, Request{Method: http.MethodGet, Path: "/api/services"},
			answer(404, client.ProxySecretNotFound, `document not found: unable to forward the request to the datasource "jaeger", secret "creds" attached doesn't exist`), false,
			`The Perses proxy of project datasource "checkout/jaeger" cannot forward requests: the secret "creds" that proxy.spec.secret in plugin.spec_json names does not exist ` +
				`(the proxy answered 404: document not found: unable to forward the request to the datasource "jaeger", secret "creds" attached doesn't exist). ` +
				`Create it with a perses_project_secret resource, or fix the name.`},
		{"the provider's credentials", raw, Request{Method: http.MethodGet, Path: "/api/services"},
			answer(403, client.ProxyAccessDenied, "forbidden access: missing 'read' permission in 'checkout' project for 'Datasource' kind"), false,
			`The Perses server refused the provider's own credentials for the proxy of project datasource "checkout/jaeger" ` +
				`(403: forbidden access: missing 'read' permission in 'checkout' project for 'Datasource' kind). ` +
				`Give the provider's user the read permission on datasources of project "checkout" (a role binding), or configure other credentials in the provider block.`},
		{"perses fails", prom, query, answer(500, client.ProxyPersesError, "internal server error"), false,
			`The Perses server answered 500 to POST /api/v1/query through the proxy of global datasource "prom": internal server error. The Perses server's log says more.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, got := Diagnose(tt.target, tt.sent, tt.res)
			if ok != tt.ok || got != tt.want {
				t.Errorf("got %t\n%s\nwant %t\n%s", ok, got, tt.ok, tt.want)
			}
		})
	}
}

func TestNotFoundSaysWhereTheNameExists(t *testing.T) {
	tests := []struct {
		what, project string
		elsewhere     []string
		want          string
	}{
		{`project datasource "checkout/prom"`, "checkout", []string{""}, `project datasource "checkout/prom" does not exist on the Perses server. ` +
			`A global datasource named "prom" exists: remove project to probe it.`},
		{`global datasource "prom"`, "", []string{"checkout"}, `global datasource "prom" does not exist on the Perses server. ` +
			`A project datasource of that name exists in project "checkout": set project = "checkout" to probe it.`},
		{`global datasource "prom"`, "", []string{"billing", "checkout"}, `global datasource "prom" does not exist on the Perses server. ` +
			`Project datasources of that name exist in projects "billing", "checkout": set project to one of them to probe it.`},
		{`global datasource "prom"`, "", nil, `global datasource "prom" does not exist on the Perses server. ` +
			`No datasource of that name exists in the other scope either: check name (and project).`},
	}
	for _, tt := range tests {
		if got := NotFound(tt.what, tt.project, "prom", tt.elsewhere); got != tt.want {
			t.Errorf("got\n%s\nwant\n%s", got, tt.want)
		}
	}
	target := Target{What: `global datasource "grafana"`, KindAttribute: "prometheus"}
	if got, want := NoProxy(target), `global datasource "grafana" has no proxy (it uses direct_url): browsers query its backend directly, `+
		`so the Perses server cannot probe it. Give it a proxy to probe it, or check its URL from where the dashboards are viewed.`; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// A JSON object or array is sent as JSON, anything else as a form.
func TestBodyContentType(t *testing.T) {
	for body, want := range map[string]string{
		`{"query": "up"}`: plugins.JSONContentType,
		` [1, 2]`:         plugins.JSONContentType,
		`{not json`:       plugins.FormContentType,
		`query=up`:        plugins.FormContentType,
	} {
		if got := BodyContentType(body); got != want {
			t.Errorf("BodyContentType(%q) = %s, want %s", body, got, want)
		}
	}
}
