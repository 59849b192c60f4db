package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/perses/pkg/model/api/v1/secret"
)

type logEntry struct {
	level, msg string
	fields     map[string]any
}

type recordingLogger struct {
	mu      sync.Mutex
	entries []logEntry
}

func (l *recordingLogger) record(level, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, logEntry{level, msg, fields})
}

func (l *recordingLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.record("debug", msg, fields)
}

func (l *recordingLogger) Trace(_ context.Context, msg string, fields map[string]any) {
	l.record("trace", msg, fields)
}

func (l *recordingLogger) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for _, e := range l.entries {
		fmt.Fprintf(&b, "%s %s %v\n", e.level, e.msg, e.fields)
	}
	return b.String()
}

func (l *recordingLogger) find(level, msg string, match func(map[string]any) bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range l.entries {
		if e.level == level && e.msg == msg && match(e.fields) {
			return true
		}
	}
	return false
}

func assertNoSecrets(t *testing.T, logs string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("secret %q found in the logs:\n%s", s, logs)
		}
	}
}

// Login, refresh (proactive, and after a 401), a new login, normal calls: no
// password or token in any logged message or field.
func TestLogsNeverContainNativeCredentials(t *testing.T) {
	fake := newFakePerses(t)
	fake.auth = newFakeAuth("admin", "s3cr3t-password")
	srv := fake.start()
	logger := &recordingLogger{}
	cfg := testConfig(srv.URL)
	cfg.Username, cfg.Password = "admin", "s3cr3t-password"
	cfg.Logger = logger
	c := mustNew(t, cfg)
	clock := &fakeClock{}
	c.now = clock.now
	ctx := context.Background()

	if _, err := c.CreateProject(ctx, newProject("p", "")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateDatasource(ctx, newDatasource("p", "prom", "http://prom")); err != nil {
		t.Fatal(err)
	}
	clock.advance(14*time.Minute + 30*time.Second) // proactive refresh
	if _, err := c.ListDatasources(ctx, "p", DatasourceFilter{}); err != nil {
		t.Fatal(err)
	}
	fake.auth.expireAll() // 401, refresh
	if _, err := c.GetProject(ctx, "p"); err != nil {
		t.Fatal(err)
	}
	fake.auth.expireAll()
	fake.auth.expireRefreshTokens() // 401, failed refresh, login
	if _, err := c.GetProject(ctx, "p"); err != nil {
		t.Fatal(err)
	}
	logins, refreshes, unauthorized := fake.auth.counts()
	if logins != 2 || refreshes != 3 || unauthorized != 2 {
		t.Fatalf("scenario not exercised: logins=%d refreshes=%d 401s=%d", logins, refreshes, unauthorized)
	}

	logs := logger.text()
	fake.auth.mu.Lock()
	issued := append([]string(nil), fake.auth.issued...)
	fake.auth.mu.Unlock()
	assertNoSecrets(t, logs, append(issued, "s3cr3t-password", "SECRETJWT")...)

	// The logs are still useful.
	if !logger.find("debug", "Perses request", func(f map[string]any) bool {
		return f["method"] == "POST" && f["url"] == srv.URL+"/api/v1/projects" && f["status"] == 200 && f["attempt"] == 1 && f["duration"] != nil
	}) {
		t.Errorf("no debug entry for the project create:\n%s", logs)
	}
	if !logger.find("trace", "Perses request", func(f map[string]any) bool {
		body, _ := f["body"].(string)
		return strings.Contains(body, `"login":"admin"`) && strings.Contains(body, `"password":"***"`)
	}) {
		t.Errorf("no masked login body:\n%s", logs)
	}
	if !logger.find("trace", "Perses request", func(f map[string]any) bool {
		h, _ := f["headers"].(map[string]string)
		return h["Authorization"] == "***"
	}) {
		t.Errorf("no masked Authorization header:\n%s", logs)
	}
	if !logger.find("trace", "Perses response", func(f map[string]any) bool {
		body, _ := f["body"].(string)
		return strings.Contains(body, `"access_token":"***"`) && strings.Contains(body, `"refresh_token":"***"`)
	}) {
		t.Errorf("no masked token answer:\n%s", logs)
	}
	if !strings.Contains(logs, "Perses token refresh failed") {
		t.Errorf("the failed refresh is not logged:\n%s", logs)
	}
}

func TestLogsNeverContainStaticOrOAuthCredentials(t *testing.T) {
	fake := newFakePerses(t)
	fake.auth = newFakeAuth("unused", "unused")
	fake.auth.valid["static-SECRET-token"] = true
	tokens := newFakeTokenEndpoint(t, fake.auth)
	srv := fake.start()
	logger := &recordingLogger{}

	cfg := testConfig(srv.URL)
	cfg.Logger = logger
	cfg.Token = "static-SECRET-token"
	if _, err := mustNew(t, cfg).ListProjects(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	cfg.Token = ""
	cfg.OAuth = &OAuthConfig{ClientID: "terraform", ClientSecret: "oauth-client-SECRET", TokenURL: tokens.url, Scopes: []string{"perses:read", "perses:write"}}
	c := mustNew(t, cfg)
	if _, err := c.ListProjects(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	fake.auth.expireAll()
	if _, err := c.ListProjects(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	cfg.OAuth.ClientSecret = "wrong-SECRET-value"
	if _, err := mustNew(t, cfg).ListProjects(context.Background(), ""); err == nil {
		t.Fatal("wrong secret accepted")
	}
	logs := logger.text()
	assertNoSecrets(t, logs, "static-SECRET-token", "oauth-client-SECRET", "oauth-access-SECRET", "wrong-SECRET-value")
	// The token endpoint exchange is logged too (masked).
	if !logger.find("debug", "Perses request", func(f map[string]any) bool { return f["url"] == tokens.url }) {
		t.Errorf("token request not logged:\n%s", logs)
	}
}

// The specs of Perses secrets and the proxy headers are masked in logged bodies.
func TestMaskBody(t *testing.T) {
	gs := &v1.GlobalSecret{
		Kind:     v1.KindGlobalSecret,
		Metadata: *v1.NewMetadata("s"),
		Spec: v1.SecretSpec{
			BasicAuth:     &secret.BasicAuth{Username: "bob", Password: "pw-basic-xyz"},
			Authorization: &secret.Authorization{Type: "Bearer", Credentials: "cred-authz-xyz"},
			OAuth:         &secret.OAuth{ClientID: "id-oauth-xyz", ClientSecret: "cs-oauth-xyz", TokenURL: "https://idp/token"},
			TLSConfig:     &secret.TLSConfig{CA: "ca-pem-xyz", Cert: "cert-pem-xyz", Key: "key-pem-xyz", ServerName: "prom"},
		},
	}
	data, err := json.Marshal(gs)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "pw-basic-xyz") {
		t.Fatalf("test premise: the wire form carries the password: %s", data)
	}
	out := maskBody("application/json", data, newSecretSet())
	assertNoSecrets(t, out, "pw-basic-xyz", "cred-authz-xyz", "id-oauth-xyz", "cs-oauth-xyz", "ca-pem-xyz", "cert-pem-xyz", "key-pem-xyz")
	for _, kept := range []string{`"username":"bob"`, `"serverName":"prom"`, `"tokenURL":"https://idp/token"`, `"type":"Bearer"`} {
		if !strings.Contains(out, kept) {
			t.Errorf("%s lost: %s", kept, out)
		}
	}

	proxy := `{"kind":"HTTPProxy","spec":{"url":"http://prom","secret":"my-secret","headers":{"X-Api-Key":"hdr-key-xyz","X-Scope-OrgID":"tenant"}}}`
	out = maskBody("application/json; charset=utf-8", []byte(proxy), newSecretSet())
	assertNoSecrets(t, out, "hdr-key-xyz")
	if !strings.Contains(out, `"secret":"my-secret"`) || !strings.Contains(out, `"X-Scope-OrgID":"tenant"`) {
		t.Errorf("proxy masked too much: %s", out)
	}

	form := "grant_type=client_credentials&client_id=tf&client_secret=form-secret-xyz"
	out = maskBody("application/x-www-form-urlencoded", []byte(form), newSecretSet())
	assertNoSecrets(t, out, "form-secret-xyz")
	if !strings.Contains(out, "client_id=tf") {
		t.Errorf("form masked too much: %s", out)
	}

	// Text that is not JSON loses the known secrets.
	out = maskBody("text/plain", []byte("token rt-known-xyz is expired"), newSecretSet("rt-known-xyz", "ab"))
	if out != "token *** is expired" {
		t.Errorf("scrubbed text = %q", out)
	}
}

// A nil Logger logs nothing and does not wrap the transport.
func TestNoLogger(t *testing.T) {
	srv := newFakePerses(t).start()
	c := mustNew(t, testConfig(srv.URL))
	if _, ok := c.httpClient.Transport.(*originTransport).next.(*http.Transport); !ok {
		t.Error("a logging transport is installed without a logger")
	}
	if _, err := c.Health(context.Background()); err != nil {
		t.Fatal(err)
	}
}
