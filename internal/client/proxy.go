package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// ProxyRequest is one request sent to a datasource's backend through the Perses proxy
// (/proxy/globaldatasources/{name}/... or /proxy/projects/{project}/datasources/{name}/...), as
// a dashboard panel sends its queries.
type ProxyRequest struct {
	// Project is the datasource's project; "" for a global datasource.
	Project, Datasource string
	// Method is the HTTP method, e.g. POST.
	Method string
	// Path is the backend path, starting with "/", with an optional query string that is sent
	// as written: "/api/v1/query", "/?query=SELECT%201".
	Path string
	// Body and its ContentType (application/json when empty) are sent when Body is non-nil.
	Body        []byte
	ContentType string
}

// ProxyOutcome says who answered a proxied request and, when Perses itself did, why.
type ProxyOutcome int

const (
	// ProxyBackendAnswered: the request reached the backend; the status is the backend's.
	ProxyBackendAnswered ProxyOutcome = iota
	// ProxyEndpointNotAllowed: the proxy refused the method and path with 403 because no entry of
	// the datasource's allowedEndpoints lets them through.
	ProxyEndpointNotAllowed
	// ProxyDatasourceNotFound: no datasource of that name in that scope (404).
	ProxyDatasourceNotFound
	// ProxyRouteNotFound: Perses' router has no route for the proxied path (404 "Not Found"):
	// Perses before v0.52.0 cannot proxy a request to a datasource's root path. Not a missing datasource.
	ProxyRouteNotFound
	// ProxySecretNotFound: the secret named by the datasource's proxy does not exist (404).
	ProxySecretNotFound
	// ProxyBackendUnreachable: Perses got no answer from the backend (connection refused, DNS
	// failure, timeout): 500, 502 or 504 with the Go error as the message.
	ProxyBackendUnreachable
	// ProxyBackendTLS: the TLS handshake with the backend failed, or the secret's TLS settings
	// cannot be used.
	ProxyBackendTLS
	// ProxyAccessDenied: Perses refused the client's own credentials (401, or 403 for a missing
	// permission).
	ProxyAccessDenied
	// ProxyPersesError: any other error of Perses itself.
	ProxyPersesError
)

// ProxyResponse is what came back through the proxy.
type ProxyResponse struct {
	// StatusCode is the HTTP status the client received.
	StatusCode int
	// Latency is the time from sending the request to the end of the answer.
	Latency time.Duration
	// Outcome says whether the backend answered or why Perses did.
	Outcome ProxyOutcome
	// Message is Perses' own message when it answered itself, else the start of the backend's
	// body (at most 300 characters, on one line).
	Message string
}

const maxProxyMessage = 300

// Proxy sends req through the Perses proxy of a datasource and returns whatever answered, any
// status included. An error means no answer was obtained from Perses itself (unreachable, or the
// client's credentials could not be obtained): the backend's state is then unknown.
//
// Perses' own answers are told apart from the backend's by their body: Perses answers errors with
// exactly {"message": "..."}, which none of the backends the provider knows does.
func (c *Client) Proxy(ctx context.Context, pr ProxyRequest) (*ProxyResponse, error) {
	ds := datasources.in(pr.Project)
	if err := ds.check(pr.Datasource); err != nil {
		return nil, err
	}
	backendPath, rawQuery, _ := strings.Cut(pr.Path, "?")
	if !strings.HasPrefix(backendPath, "/") {
		return nil, fmt.Errorf("the proxied path %q must start with /", pr.Path)
	}
	req := &request{method: pr.Method, path: ds.proxyPath(pr.Datasource) + backendPath, rawQuery: rawQuery,
		rawBody: pr.Body, contentType: pr.ContentType}
	authz := ""
	if c.creds != nil {
		var err error
		if authz, err = c.creds.authorization(ctx); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	res, err := c.roundTrip(ctx, req, pr.Body, authz, 1)
	latency := time.Since(start)
	if err == nil && res.status == http.StatusUnauthorized && c.creds != nil && persesMessage(res.body) != "" {
		// Perses' own 401 (an expired token), not the backend's: renew and send once more.
		renewed, rerr := c.creds.renew(ctx, authz)
		if rerr != nil {
			return nil, rerr
		}
		if renewed != "" {
			start = time.Now()
			res, err = c.roundTrip(ctx, req, pr.Body, renewed, 1)
			latency = time.Since(start)
		}
	}
	if err != nil {
		return nil, err
	}
	outcome, message := classifyProxyAnswer(res.status, res.body)
	return &ProxyResponse{StatusCode: res.status, Latency: latency, Outcome: outcome, Message: message}, nil
}

// The messages of Perses v0.54.0's proxy (internal/api/impl/proxy), after the "forbidden access: "
// or "document not found: " prefix its error helpers add.
const (
	endpointNotAllowedMessage = "you are not allowed to use this endpoint"
	datasourceMissingMessage  = "datasource doesn't exist"
	secretMissingMessage      = "attached doesn't exist"
	tlsConfigMessage          = "tls config"
)

// classifyProxyAnswer tells who answered a proxied request, and why when it was Perses.
func classifyProxyAnswer(status int, body []byte) (ProxyOutcome, string) {
	message := persesMessage(body)
	if message == "" || status < 400 {
		return ProxyBackendAnswered, excerpt(body)
	}
	switch {
	case status == http.StatusForbidden && strings.Contains(message, endpointNotAllowedMessage):
		return ProxyEndpointNotAllowed, message
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return ProxyAccessDenied, message
	case status == http.StatusNotFound && strings.Contains(message, secretMissingMessage):
		return ProxySecretNotFound, message
	case status == http.StatusNotFound && strings.Contains(message, datasourceMissingMessage):
		return ProxyDatasourceNotFound, message
	case status == http.StatusNotFound:
		return ProxyRouteNotFound, message
	case tlsFailure(message):
		return ProxyBackendTLS, message
	case status == http.StatusInternalServerError && message == "internal server error":
		// Perses' generic 500 (a secret it cannot decrypt, a database failure): not the backend.
		return ProxyPersesError, message
	case status == http.StatusInternalServerError || status == http.StatusBadGateway || status == http.StatusGatewayTimeout:
		return ProxyBackendUnreachable, message
	}
	return ProxyPersesError, message
}

// tlsFailure recognises Go's TLS and certificate errors in the proxy's message, and the 502
// "unable build the tls config" Perses answers when a secret's TLS settings cannot be used.
func tlsFailure(message string) bool {
	for _, s := range []string{"x509:", "tls:", "certificate", "HTTPS client", tlsConfigMessage} {
		if strings.Contains(message, s) {
			return true
		}
	}
	return false
}

// persesMessage returns the message of an error body Perses wrote itself: a JSON object whose
// only key is "message". Anything else (a backend's error, Pyroscope's {"code","message"}) is "".
func persesMessage(body []byte) string {
	var wire map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&wire); err != nil || len(wire) != 1 {
		return ""
	}
	var message string
	if err := json.Unmarshal(wire["message"], &message); err != nil {
		return ""
	}
	return message
}

// excerpt is the start of a backend's body on one line, for messages.
func excerpt(body []byte) string {
	text := []rune(strings.Join(strings.Fields(string(body)), " "))
	if len(text) > maxProxyMessage {
		return string(text[:maxProxyMessage]) + "..."
	}
	return string(text)
}
