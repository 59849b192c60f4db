package testbed

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// One real server per option set, shared by the subtests; the option sets run in parallel.

// TestServerDefaults: auth off, case_sensitive off (the server defaults).
func TestServerDefaults(t *testing.T) {
	t.Parallel()
	s := StartTestServer(t, ServerOptions{})

	t.Run("health", func(t *testing.T) { checkHealth(t, s) })
	t.Run("plugins", func(t *testing.T) { checkPluginsListed(t, s) })
	t.Run("datasources", func(t *testing.T) { checkDatasourceValidation(t, s, "") })
	t.Run("dashboards", func(t *testing.T) { checkDashboards(t, s) })
	t.Run("name-lowercased", func(t *testing.T) { checkNameCase(t, s, "", false) })
	t.Run("open-without-token", func(t *testing.T) {
		status, body := apiCall(t, s, http.MethodGet, "/api/v1/globaldatasources", "", nil)
		expectOK(t, status, body, nil)
	})
}

// TestServerCaseSensitive: names keep their case, and lists still work.
func TestServerCaseSensitive(t *testing.T) {
	t.Parallel()
	s := StartTestServer(t, ServerOptions{CaseSensitive: true})
	t.Run("health", func(t *testing.T) { checkHealth(t, s) })
	t.Run("name-kept", func(t *testing.T) { checkNameCase(t, s, "", true) })
}

// TestServerBrokenLists: the upstream bug BrokenLists reproduces, a datasource read by name but
// missing from every list.
func TestServerBrokenLists(t *testing.T) {
	t.Parallel()
	s := StartTestServer(t, ServerOptions{BrokenLists: true})
	status, body := apiCall(t, s, http.MethodPost, "/api/v1/globaldatasources", "",
		globalDatasource("listed", "PrometheusDatasource", map[string]any{"directUrl": "https://prometheus.example.com"}))
	expectOK(t, status, body, nil)
	status, body = apiCall(t, s, http.MethodGet, "/api/v1/globaldatasources/listed", "", nil)
	expectOK(t, status, body, nil)
	var list []any
	status, body = apiCall(t, s, http.MethodGet, "/api/v1/globaldatasources", "", nil)
	expectOK(t, status, body, &list)
	if len(list) != 0 {
		t.Fatalf("the list answered %s: the upstream bug is not reproduced", body)
	}
}

// TestServerAuth: auth on with the provisioned admin and a short access token TTL.
func TestServerAuth(t *testing.T) {
	t.Parallel()
	const ttl = 2 * time.Second
	s := StartTestServer(t, ServerOptions{Auth: true, AccessTokenTTL: ttl})
	if s.AdminUsername == "" || s.AdminPassword == "" {
		t.Fatal("no admin credentials on an auth server")
	}

	t.Run("health-is-anonymous", func(t *testing.T) { checkHealth(t, s) })
	t.Run("no-token", func(t *testing.T) {
		status, body := apiCall(t, s, http.MethodGet, "/api/v1/globaldatasources", "", nil)
		expectError(t, status, body, http.StatusUnauthorized, "missing or malformed jwt")
	})
	t.Run("bad-token", func(t *testing.T) {
		status, body := apiCall(t, s, http.MethodGet, "/api/v1/globaldatasources", "not-a-jwt", nil)
		expectError(t, status, body, http.StatusUnauthorized, "invalid or expired jwt")
	})
	t.Run("wrong-password", func(t *testing.T) {
		status, body := apiCall(t, s, http.MethodPost, "/api/auth/providers/native/login", "",
			map[string]string{"login": s.AdminUsername, "password": "wrong"})
		expectError(t, status, body, http.StatusBadRequest, "wrong login or password")
	})
	t.Run("admin-creates", func(t *testing.T) {
		token := login(t, s)
		status, body := apiCall(t, s, http.MethodPost, "/api/v1/globaldatasources", token,
			globalDatasource("with-auth", "TempoDatasource", map[string]any{"directUrl": "http://localhost:3200"}))
		var got v1.GlobalDatasource
		expectOK(t, status, body, &got)
		// Validation is the same with auth on.
		status, body = apiCall(t, s, http.MethodPost, "/api/v1/globaldatasources", token,
			globalDatasource("with-auth-bad", "TempoDatasource", map[string]any{}))
		expectError(t, status, body, http.StatusBadRequest, "incomplete value")
	})
	t.Run("token-expires", func(t *testing.T) {
		token := login(t, s)
		issued := time.Now()
		status, body := apiCall(t, s, http.MethodGet, "/api/v1/globaldatasources", token, nil)
		expectOK(t, status, body, nil)
		// JWT expiry has a one-second resolution: wait for the first 401.
		for {
			status, body = apiCall(t, s, http.MethodGet, "/api/v1/globaldatasources", token, nil)
			if status != http.StatusOK || time.Since(issued) > ttl+5*time.Second {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		expectError(t, status, body, http.StatusUnauthorized, "invalid or expired jwt")
		// The server truncates expiry times to the second, so the token may die up to 1s early.
		if elapsed := time.Since(issued); elapsed < ttl/4 {
			t.Errorf("token refused after %s, before its TTL of %s", elapsed, ttl)
		}
		// A fresh login works again.
		status, body = apiCall(t, s, http.MethodGet, "/api/v1/globaldatasources", login(t, s), nil)
		expectOK(t, status, body, nil)
	})
}

func login(t *testing.T, s *Server) string {
	t.Helper()
	token, err := s.Login(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func checkHealth(t *testing.T, s *Server) {
	status, body := apiCall(t, s, http.MethodGet, "/api/v1/health", "", nil)
	var health v1.Health
	expectOK(t, status, body, &health)
	if !health.Database {
		t.Errorf("health reports the database down: %s", body)
	}
}

func checkPluginsListed(t *testing.T, s *Server) {
	status, body := apiCall(t, s, http.MethodGet, "/api/v1/plugins", "", nil)
	var modules []v1.PluginModule
	expectOK(t, status, body, &modules)
	loaded := map[string]bool{}
	for _, m := range modules {
		for _, p := range m.Spec.Plugins {
			loaded[p.Spec.Name] = m.Status != nil && m.Status.IsLoaded
		}
	}
	for _, kind := range DatasourceKinds() {
		if !loaded[kind] {
			t.Errorf("%s is not loaded; /api/v1/plugins: %s", kind, body)
		}
	}
}

// A directory with capital letters is refused before anything is built or started.
func TestStartServerRefusesCapitalLetters(t *testing.T) {
	_, err := StartServer(context.Background(), ServerOptions{Dir: "/tmp/Perses-Testbed"})
	if err == nil || !strings.Contains(err.Error(), "capital letters") {
		t.Fatalf("err = %v, want a refusal of the capital letters", err)
	}
}
