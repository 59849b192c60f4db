package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
)

// The answers of Perses v0.54.0's proxy, as its error middleware writes them, and those of the
// backends the provider knows, are told apart and classified.
func TestClassifyProxyAnswer(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		outcome ProxyOutcome
		message string
	}{
		{"backend success", 200, `{"status":"success","data":{"resultType":"vector","result":[]}}`, ProxyBackendAnswered,
			`{"status":"success","data":{"resultType":"vector","result":[]}}`},
		{"endpoint not allowed", 403, `{"message":"forbidden access: you are not allowed to use this endpoint \"/api/v1/query\" with the HTTP method POST"}`,
			ProxyEndpointNotAllowed, `forbidden access: you are not allowed to use this endpoint "/api/v1/query" with the HTTP method POST`},
		{"missing permission", 403, `{"message":"forbidden access: missing 'read' permission in 'checkout' project for 'Datasource' kind"}`,
			ProxyAccessDenied, `forbidden access: missing 'read' permission in 'checkout' project for 'Datasource' kind`},
		{"perses 401", 401, `{"message":"unauthorized"}`, ProxyAccessDenied, "unauthorized"},
		{"datasource missing", 404, `{"message":"document not found: unable to forward the request to the datasource \"prom\", datasource doesn't exist"}`,
			ProxyDatasourceNotFound, `document not found: unable to forward the request to the datasource "prom", datasource doesn't exist`},
		// Perses v0.51.0's router for GET /proxy/globaldatasources/prom/ (no route for the root path).
		{"no route", 404, `{"message":"Not Found"}`, ProxyRouteNotFound, `Not Found`},
		{"secret missing", 404, `{"message":"document not found: unable to forward the request to the datasource \"prom\", secret \"creds\" attached doesn't exist"}`,
			ProxySecretNotFound, `document not found: unable to forward the request to the datasource "prom", secret "creds" attached doesn't exist`},
		{"connection refused", 500, `{"message":"dial tcp 127.0.0.1:9:connect: connection refused"}`, ProxyBackendUnreachable,
			"dial tcp 127.0.0.1:9:connect: connection refused"},
		{"dns", 502, `{"message":"dial tcp: lookup prometheus.monitoring.svc: no such host"}`, ProxyBackendUnreachable,
			"dial tcp: lookup prometheus.monitoring.svc: no such host"},
		{"unknown authority", 500, `{"message":"tls: failed to verify certificate: x509: certificate signed by unknown authority"}`,
			ProxyBackendTLS, "tls: failed to verify certificate: x509: certificate signed by unknown authority"},
		{"https to an http backend", 500, `{"message":"http: server gave HTTP response to HTTPS client"}`, ProxyBackendTLS,
			"http: server gave HTTP response to HTTPS client"},
		{"unusable tls config", 502, `{"message":"unable build the tls config"}`, ProxyBackendTLS, "unable build the tls config"},
		{"perses internal error", 500, `{"message":"internal server error"}`, ProxyPersesError, "internal server error"},
		{"backend 401 as text", 401, "Unauthorized\n", ProxyBackendAnswered, "Unauthorized"},
		{"clickhouse wrong password", 401, "Code: 193, e.displayText() = DB::Exception: Wrong password for user perses\n",
			ProxyBackendAnswered, "Code: 193, e.displayText() = DB::Exception: Wrong password for user perses"},
		{"pyroscope connect error", 404, `{"code":"not_found","message":"no such profile type"}`, ProxyBackendAnswered,
			`{"code":"not_found","message":"no such profile type"}`},
		{"backend 500", 500, `{"status":"error","errorType":"internal","error":"boom"}`, ProxyBackendAnswered,
			`{"status":"error","errorType":"internal","error":"boom"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			outcome, message := classifyProxyAnswer(tt.status, []byte(tt.body))
			if outcome != tt.outcome || message != tt.message {
				t.Errorf("got %d %q, want %d %q", outcome, message, tt.outcome, tt.message)
			}
		})
	}
}

// Proxy sends the method, path, raw query string, body and content type as given, to the route of
// the scope, and hands back any status (here the backend's 401) without retrying or renewing.
func TestProxySendsTheRequestAsWritten(t *testing.T) {
	var got *http.Request
	var body string
	calls := 0
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		got = r.Clone(context.Background())
		data, _ := io.ReadAll(r.Body)
		body = string(data)
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte("Unauthorized\n"))
	})
	c := mustNew(t, testConfig(srv.URL))
	for _, tt := range []struct {
		project, path, wantPath, wantQuery string
	}{
		{"", "/api/v1/query", "/proxy/globaldatasources/prom/api/v1/query", ""},
		{"checkout", "/?query=SELECT%201", "/proxy/projects/checkout/datasources/prom/", "query=SELECT%201"},
	} {
		res, err := c.Proxy(context.Background(), ProxyRequest{Project: tt.project, Datasource: "prom", Method: http.MethodPost,
			Path: tt.path, Body: []byte("query=up"), ContentType: "application/x-www-form-urlencoded"})
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != 401 || res.Outcome != ProxyBackendAnswered || res.Message != "Unauthorized" || res.Latency <= 0 {
			t.Errorf("response = %+v", res)
		}
		if got.Method != http.MethodPost || got.URL.Path != tt.wantPath || got.URL.RawQuery != tt.wantQuery ||
			got.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || body != "query=up" {
			t.Errorf("request = %s %s?%s %q %q", got.Method, got.URL.Path, got.URL.RawQuery, got.Header.Get("Content-Type"), body)
		}
	}
	if calls != 2 {
		t.Errorf("%d requests, want 2 (no retry)", calls)
	}
}

// Perses' own 401 (an expired token) is answered by renewing the token and sending once more;
// a backend's 401 is not.
func TestProxyRenewsAnExpiredToken(t *testing.T) {
	fake := newFakePerses(t)
	fake.auth = newFakeAuth("admin", "pw")
	proxied := 0
	fake.before = func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/proxy/globaldatasources/prom/api/v1/query" {
			return false
		}
		proxied++
		if proxied == 1 {
			writeMessage(w, http.StatusUnauthorized, "unauthorized")
			return true
		}
		w.WriteHeader(http.StatusOK)
		return true
	}
	srv := fake.start()
	cfg := testConfig(srv.URL)
	cfg.Username, cfg.Password = "admin", "pw"
	c := mustNew(t, cfg)
	res, err := c.Proxy(context.Background(), ProxyRequest{Datasource: "prom", Method: http.MethodGet, Path: "/api/v1/query"})
	if err != nil || res.StatusCode != 200 || proxied != 2 {
		t.Fatalf("res = %+v, err = %v, %d proxied requests", res, err, proxied)
	}
}

func TestProxyRefusesARelativePath(t *testing.T) {
	c := mustNew(t, testConfig("http://127.0.0.1:1"))
	_, err := c.Proxy(context.Background(), ProxyRequest{Datasource: "prom", Method: http.MethodGet, Path: "api/v1/query"})
	if err == nil || err.Error() != `the proxied path "api/v1/query" must start with /` {
		t.Fatalf("err = %v", err)
	}
}

// No answer from Perses itself is an error, not a backend outcome.
func TestProxyReportsAnUnreachablePerses(t *testing.T) {
	c := mustNew(t, testConfig("http://127.0.0.1:1"))
	_, err := c.Proxy(context.Background(), ProxyRequest{Datasource: "prom", Method: http.MethodGet, Path: "/"})
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
}
