package testbed

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// apiCall sends a JSON request with plain net/http, as a client of the server would, and
// returns the status code and the body.
func apiCall(t *testing.T, s *Server, method, path, token string, body any) (int, []byte) {
	t.Helper()
	var reader io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL+path, reader)
	if err != nil {
		t.Fatalf("request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close() //nolint:errcheck // read fully below
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	return resp.StatusCode, data
}

// expectError checks an error answer: the exact status and a {"message"} holding every want.
func expectError(t *testing.T, status int, body []byte, wantStatus int, want ...string) {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("status %d, want %d; body: %s", status, wantStatus, body)
	}
	var e struct {
		Message string `json:"message"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Message == "" {
		t.Fatalf("answer is not {\"message\": ...}: %s", body)
	}
	for _, w := range want {
		if !strings.Contains(e.Message, w) {
			t.Errorf("message %q does not contain %q", e.Message, w)
		}
	}
}

// expectOK checks a 200 answer and decodes it into v (if not nil).
func expectOK(t *testing.T, status int, body []byte, v any) {
	t.Helper()
	if status != http.StatusOK {
		t.Fatalf("status %d, want 200; body: %s", status, body)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("decoding %s: %v", body, err)
		}
	}
}

// globalDatasource is the wire form of a GlobalDatasource with the given plugin.
func globalDatasource(name, kind string, spec map[string]any) map[string]any {
	return map[string]any{
		"kind":     "GlobalDatasource",
		"metadata": map[string]any{"name": name},
		"spec": map[string]any{
			"default": false,
			"plugin":  map[string]any{"kind": kind, "spec": spec},
		},
	}
}

// httpProxy is the wire form of an HTTPProxy with the given spec.
func httpProxy(spec map[string]any) map[string]any {
	return map[string]any{"kind": "HTTPProxy", "spec": spec}
}
