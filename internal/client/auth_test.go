package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock lets a test move the client's notion of time.
type fakeClock struct{ offset atomic.Int64 }

func (f *fakeClock) now() time.Time          { return time.Now().Add(time.Duration(f.offset.Load())) }
func (f *fakeClock) advance(d time.Duration) { f.offset.Add(int64(d)) }

func nativeSetup(t *testing.T) (*fakePerses, *fakeAuth, *Client, *fakeClock) {
	t.Helper()
	fake := newFakePerses(t)
	fake.auth = newFakeAuth("admin", "s3cr3t-password")
	srv := fake.start()
	cfg := testConfig(srv.URL)
	cfg.Username, cfg.Password = "admin", "s3cr3t-password"
	c := mustNew(t, cfg)
	clock := &fakeClock{}
	c.now = clock.now
	return fake, fake.auth, c, clock
}

func TestNativeLoginOnceForConcurrentCalls(t *testing.T) {
	fake, auth, c, _ := nativeSetup(t)
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.ListProjects(context.Background(), "")
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	logins, refreshes, unauthorized := auth.counts()
	if logins != 1 || refreshes != 0 || unauthorized != 0 {
		t.Errorf("logins=%d refreshes=%d 401s=%d", logins, refreshes, unauthorized)
	}
	if got := fake.lastRequest().Header.Get("Authorization"); got != "Bearer access-SECRETJWT-1" {
		t.Errorf("Authorization = %q", got)
	}
	if fake.callCount("POST /api/auth/providers/native/login") != 1 {
		t.Errorf("calls = %v", fake.calls)
	}
}

// The token is refreshed before it expires (the upstream client never does).
func TestNativeProactiveRefresh(t *testing.T) {
	_, auth, c, clock := nativeSetup(t)
	ctx := context.Background()
	if _, err := c.ListProjects(ctx, ""); err != nil {
		t.Fatal(err)
	}
	clock.advance(10 * time.Minute) // 5 minutes left of 15: still fine
	if _, err := c.ListProjects(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if _, refreshes, _ := auth.counts(); refreshes != 0 {
		t.Fatalf("refreshed too early")
	}
	clock.advance(4*time.Minute + 30*time.Second) // 30s left: refresh now
	if _, err := c.ListProjects(ctx, ""); err != nil {
		t.Fatal(err)
	}
	logins, refreshes, unauthorized := auth.counts()
	if logins != 1 || refreshes != 1 || unauthorized != 0 {
		t.Errorf("logins=%d refreshes=%d 401s=%d", logins, refreshes, unauthorized)
	}
}

// The server expired the token earlier than announced: 401, refresh, resend once.
func TestNativeRefreshOn401(t *testing.T) {
	fake, auth, c, _ := nativeSetup(t)
	ctx := context.Background()
	if _, err := c.CreateProject(ctx, newProject("p", "")); err != nil {
		t.Fatal(err)
	}
	auth.expireAll()
	if _, err := c.CreateProject(ctx, newProject("q", "")); err != nil {
		t.Fatal(err)
	}
	logins, refreshes, unauthorized := auth.counts()
	if logins != 1 || refreshes != 1 || unauthorized != 1 {
		t.Errorf("logins=%d refreshes=%d 401s=%d", logins, refreshes, unauthorized)
	}
	if got := fake.lastRequest().Header.Get("Authorization"); got != "Bearer access-SECRETJWT-2" {
		t.Errorf("Authorization = %q", got)
	}
}

// The refresh token has expired too: log in again.
func TestNativeLoginAgainWhenRefreshFails(t *testing.T) {
	_, auth, c, _ := nativeSetup(t)
	ctx := context.Background()
	if _, err := c.ListProjects(ctx, ""); err != nil {
		t.Fatal(err)
	}
	auth.expireAll()
	auth.expireRefreshTokens()
	if _, err := c.ListProjects(ctx, ""); err != nil {
		t.Fatal(err)
	}
	logins, refreshes, unauthorized := auth.counts()
	if logins != 2 || refreshes != 1 || unauthorized != 1 {
		t.Errorf("logins=%d refreshes=%d 401s=%d", logins, refreshes, unauthorized)
	}
}

// A token that is rejected even after a fresh login: ErrUnauthorized, no loop.
func TestNativeStill401AfterRenewal(t *testing.T) {
	fake, auth, c, _ := nativeSetup(t)
	fake.before = func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasPrefix(r.URL.Path, "/api/v1/") {
			writeMessage(w, http.StatusUnauthorized, "unauthorized")
			return true
		}
		return false
	}
	_, err := c.ListProjects(context.Background(), "")
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
	if n := fake.callCount("GET /api/v1/projects"); n != 2 {
		t.Errorf("GET calls = %d, want 2", n)
	}
	if logins, refreshes, _ := auth.counts(); logins != 1 || refreshes != 1 {
		t.Errorf("logins=%d refreshes=%d", logins, refreshes)
	}
}

func TestNativeWrongPassword(t *testing.T) {
	fake := newFakePerses(t)
	fake.auth = newFakeAuth("admin", "right")
	srv := fake.start()
	cfg := testConfig(srv.URL)
	cfg.Username, cfg.Password = "admin", "wrong-password"
	cfg.MaxRetries = 3
	c := mustNew(t, cfg)
	_, err := c.Health(context.Background())
	if !errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrValidation) {
		t.Fatalf("err = %v, want ErrUnauthorized and not ErrValidation", err)
	}
	if !strings.Contains(err.Error(), "wrong login or password") || strings.Contains(err.Error(), "wrong-password") {
		t.Errorf("err = %v", err)
	}
	if logins, _, _ := fake.auth.counts(); logins != 1 {
		t.Errorf("logins = %d", logins)
	}
}

func TestStaticToken(t *testing.T) {
	var calls atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Header.Get("Authorization") != "Bearer static-token" {
			writeMessage(w, http.StatusUnauthorized, "unauthorized")
			return
		}
		writeJSON(w, http.StatusOK, []any{})
	})
	cfg := testConfig(srv.URL)
	cfg.Token = "static-token"
	cfg.MaxRetries = 3
	if _, err := mustNew(t, cfg).ListProjects(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	cfg.Token = "wrong-token"
	calls.Store(0)
	_, err := mustNew(t, cfg).ListProjects(context.Background(), "")
	if !errors.Is(err, ErrUnauthorized) || calls.Load() != 1 {
		t.Fatalf("err = %v, calls = %d", err, calls.Load())
	}
}

// fakeTokenEndpoint serves the client-credentials grant.
type fakeTokenEndpoint struct {
	auth      *fakeAuth
	expiresIn atomic.Int64
	fetches   atomic.Int32
	url       string
}

func newFakeTokenEndpoint(t *testing.T, auth *fakeAuth) *fakeTokenEndpoint {
	e := &fakeTokenEndpoint{auth: auth}
	e.expiresIn.Store(3600)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		id, secret, ok := r.BasicAuth()
		if !ok {
			id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		if r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("scope") != "perses:read perses:write" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request"})
			return
		}
		if id != "terraform" || secret != "oauth-client-SECRET" {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
			return
		}
		n := e.fetches.Add(1)
		token := fmt.Sprintf("oauth-access-SECRET-%d", n)
		auth.mu.Lock()
		auth.valid[token] = true
		auth.issued = append(auth.issued, token)
		auth.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"access_token": token, "token_type": "Bearer", "expires_in": e.expiresIn.Load()})
	})
	e.url = srv.URL + "/oauth/token"
	return e
}

func oauthSetup(t *testing.T, secret string) (*fakePerses, *fakeTokenEndpoint, *Client) {
	t.Helper()
	fake := newFakePerses(t)
	fake.auth = newFakeAuth("unused", "unused")
	tokens := newFakeTokenEndpoint(t, fake.auth)
	srv := fake.start()
	cfg := testConfig(srv.URL)
	cfg.OAuth = &OAuthConfig{ClientID: "terraform", ClientSecret: secret, TokenURL: tokens.url, Scopes: []string{"perses:read", "perses:write"}}
	return fake, tokens, mustNew(t, cfg)
}

func TestOAuthClientCredentials(t *testing.T) {
	fake, tokens, c := oauthSetup(t, "oauth-client-SECRET")
	ctx := context.Background()
	for range 3 {
		if _, err := c.ListProjects(ctx, ""); err != nil {
			t.Fatal(err)
		}
	}
	if tokens.fetches.Load() != 1 {
		t.Errorf("token fetches = %d, want 1 (cached)", tokens.fetches.Load())
	}
	if got := fake.lastRequest().Header.Get("Authorization"); got != "Bearer oauth-access-SECRET-1" {
		t.Errorf("Authorization = %q", got)
	}

	// Rejected by Perses: a new token, one resend.
	fake.auth.expireAll()
	if _, err := c.ListProjects(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if tokens.fetches.Load() != 2 {
		t.Errorf("token fetches = %d, want 2", tokens.fetches.Load())
	}

	// Tokens about to expire (oauth2 renews 10s early) are renewed by oauth2.
	tokens.expiresIn.Store(5)
	fake.auth.expireAll()
	for range 2 {
		if _, err := c.ListProjects(ctx, ""); err != nil {
			t.Fatal(err)
		}
	}
	if tokens.fetches.Load() != 4 {
		t.Errorf("token fetches = %d, want 4", tokens.fetches.Load())
	}
}

func TestOAuthRejected(t *testing.T) {
	_, _, c := oauthSetup(t, "wrong-secret")
	_, err := c.ListProjects(context.Background(), "")
	if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "invalid_client") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "wrong-secret") {
		t.Errorf("secret in error: %v", err)
	}
}

func TestAuthConfigChecks(t *testing.T) {
	bad := []Config{
		{},
		{URL: "ftp://perses"},
		{URL: "perses:8080"},
		{URL: "http://user:pw@perses"},
		{URL: "http://perses?x=1"},
		{URL: "http://perses", Username: "admin"},
		{URL: "http://perses", Password: "pw"},
		{URL: "http://perses", Token: "t", Username: "admin", Password: "pw"},
		{URL: "http://perses", Token: "t", OAuth: &OAuthConfig{ClientID: "a", ClientSecret: "b", TokenURL: "http://idp/token"}},
		{URL: "http://perses", OAuth: &OAuthConfig{ClientID: "a", TokenURL: "http://idp/token"}},
		{URL: "http://perses", OAuth: &OAuthConfig{ClientID: "a", ClientSecret: "b", TokenURL: "/token"}},
	}
	for _, cfg := range bad {
		if _, err := New(cfg); err == nil {
			b, _ := json.Marshal(cfg)
			t.Errorf("New(%s) accepted", b)
		}
	}
}

// An early refresh that fails does not fail the call while the token still works.
func TestNativeEarlyRefreshFailureKeepsCurrentToken(t *testing.T) {
	fake, auth, c, clock := nativeSetup(t)
	ctx := context.Background()
	if _, err := c.ListProjects(ctx, ""); err != nil {
		t.Fatal(err)
	}
	fake.before = func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasPrefix(r.URL.Path, "/api/auth/") {
			writeMessage(w, http.StatusInternalServerError, "internal server error")
			return true
		}
		return false
	}
	clock.advance(14*time.Minute + 50*time.Second)
	if _, err := c.ListProjects(ctx, ""); err != nil {
		t.Fatalf("within the token lifetime: %v", err)
	}
	clock.advance(time.Minute) // now really expired: the failure surfaces
	_, err := c.ListProjects(ctx, "")
	if err == nil || errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "internal server error") {
		t.Fatalf("after expiry: %v", err)
	}
	if logins, _, _ := auth.counts(); logins != 1 {
		t.Errorf("logins = %d", logins)
	}
}
