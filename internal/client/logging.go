package client

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

const (
	masked = "***"
	// Bodies logged at Trace are cut here: a list of datasources can be long.
	maxLoggedBody = 16 << 10
	// Shorter values are not scrubbed from free text: a 1-character password
	// would otherwise mask every occurrence of that letter.
	minScrubbedSecret = 4
	// Runtime tokens (login, refresh, OAuth) remembered for scrubbing.
	maxRuntimeSecrets = 16
)

// loggingTransport logs every HTTP exchange (redirect hops included): at Debug
// method, URL, status, duration and attempt; at Trace headers and bodies, masked.
type loggingTransport struct {
	logger  Logger
	secrets *secretSet
	next    http.RoundTripper
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	fields := map[string]any{
		"method": req.Method,
		"url":    t.secrets.scrub(req.URL.Redacted()),
	}
	if attempt, ok := ctx.Value(attemptKey).(int); ok {
		fields["attempt"] = attempt
	}
	if req.GetBody != nil && req.ContentLength != 0 {
		if body, err := req.GetBody(); err == nil {
			data, _ := io.ReadAll(io.LimitReader(body, maxLoggedBody+1))
			_ = body.Close()
			t.logger.Trace(ctx, "Perses request", withFields(fields, map[string]any{
				"headers": maskHeaders(req.Header, t.secrets),
				"body":    maskBody(req.Header.Get("Content-Type"), data, t.secrets),
			}))
		}
	} else {
		t.logger.Trace(ctx, "Perses request", withFields(fields, map[string]any{
			"headers": maskHeaders(req.Header, t.secrets),
		}))
	}

	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields["duration"] = time.Since(start).String()
	if err != nil {
		fields["error"] = t.secrets.scrub(err.Error())
		t.logger.Debug(ctx, "Perses request failed", fields)
		return nil, err
	}
	fields["status"] = resp.StatusCode
	t.logger.Debug(ctx, "Perses request", fields)

	if resp.Body != nil {
		data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
		_ = resp.Body.Close()
		var rest io.Reader = bytes.NewReader(data)
		if rerr != nil {
			// Hand the read failure to the caller, after the bytes we got.
			rest = io.MultiReader(rest, errReader{rerr})
		}
		resp.Body = io.NopCloser(rest)
		t.logger.Trace(ctx, "Perses response", withFields(fields, map[string]any{
			"headers": maskHeaders(resp.Header, t.secrets),
			"body":    maskBody(resp.Header.Get("Content-Type"), data, t.secrets),
		}))
	}
	return resp, nil
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func withFields(base, extra map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(extra))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

// sensitiveHeader: credentials and anything named like one (the configured
// extra headers may carry an API key).
func sensitiveHeader(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"authorization", "cookie", "token", "secret", "password", "key", "session", "credential"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

func maskHeaders(h http.Header, secrets *secretSet) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		if sensitiveHeader(k) {
			out[k] = masked
			continue
		}
		out[k] = secrets.scrub(strings.Join(v, ", "))
	}
	return out
}

// sensitiveKey lists the JSON (and form) keys whose values are credentials:
// login and token exchanges, and the specs of Perses secrets (basicAuth.password,
// authorization.credentials, oauth.clientID/clientSecret, tlsConfig.ca/cert/key).
func sensitiveKey(key, parent string) bool {
	k := strings.ToLower(key)
	switch k {
	case "password", "access_token", "refresh_token", "id_token", "client_secret", "clientsecret",
		"token", "credentials", "client_assertion", "device_code":
		return true
	}
	switch strings.ToLower(parent) {
	case "tlsconfig":
		return k == "ca" || k == "cert" || k == "key"
	case "oauth":
		return k == "clientid"
	case "headers":
		return sensitiveHeader(key)
	}
	return false
}

func maskJSON(v any, parent string) any {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			if sensitiveKey(k, parent) {
				t[k] = masked
				continue
			}
			t[k] = maskJSON(child, k)
		}
	case []any:
		for i, child := range t {
			t[i] = maskJSON(child, parent)
		}
	}
	return v
}

// maskBody renders a body for the logs with every credential replaced by "***".
func maskBody(contentType string, data []byte, secrets *secretSet) string {
	if len(data) == 0 {
		return ""
	}
	out := string(data)
	mediaType, _, _ := mime.ParseMediaType(contentType)
	if mediaType == "application/x-www-form-urlencoded" {
		if values, err := url.ParseQuery(out); err == nil {
			for k := range values {
				if sensitiveKey(k, "") {
					values[k] = []string{masked}
				}
			}
			out = values.Encode()
		}
	} else if json.Valid(data) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err == nil {
			if b, err := json.Marshal(maskJSON(v, "")); err == nil {
				out = string(b)
			}
		}
	}
	// Whatever the format, no known secret survives (a token echoed in an error message...).
	out = secrets.scrub(out)
	if len(out) > maxLoggedBody {
		out = out[:maxLoggedBody] + "...(truncated)"
	}
	return out
}

// secretSet holds the secret values the client knows (configured and
// obtained at runtime) so that they can be scrubbed from any logged text.
type secretSet struct {
	mu      sync.RWMutex
	static  []string
	runtime []string
}

func newSecretSet(values ...string) *secretSet {
	s := &secretSet{}
	for _, v := range values {
		if len(v) >= minScrubbedSecret {
			s.static = append(s.static, v)
		}
	}
	return s
}

func (s *secretSet) add(values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range values {
		if len(v) < minScrubbedSecret || slices.Contains(s.runtime, v) {
			continue
		}
		s.runtime = append(s.runtime, v)
		if len(s.runtime) > maxRuntimeSecrets {
			s.runtime = s.runtime[len(s.runtime)-maxRuntimeSecrets:]
		}
	}
}

func (s *secretSet) scrub(text string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, list := range [][]string{s.static, s.runtime} {
		for _, v := range list {
			if strings.Contains(text, v) {
				text = strings.ReplaceAll(text, v, masked)
			}
		}
	}
	return text
}
