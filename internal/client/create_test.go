package client

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// The server stores the object and then the answer is lost: the client must
// report success without creating it twice.
func TestAmbiguousCreateStoredThenLost(t *testing.T) {
	failures := map[string]func(t *testing.T, w http.ResponseWriter){
		"connection dropped": func(t *testing.T, w http.ResponseWriter) { hijackAndClose(t, w) },
		"502":                func(_ *testing.T, w http.ResponseWriter) { writeMessage(w, http.StatusBadGateway, "bad gateway") },
		"503": func(_ *testing.T, w http.ResponseWriter) {
			writeMessage(w, http.StatusServiceUnavailable, "unavailable")
		},
		"504": func(_ *testing.T, w http.ResponseWriter) { writeMessage(w, http.StatusGatewayTimeout, "timeout") },
		// Perses failing after the write (see failedAfterWrite).
		"500": func(_ *testing.T, w http.ResponseWriter) {
			writeMessage(w, http.StatusInternalServerError, "internal server error")
		},
	}
	for name, fail := range failures {
		t.Run(name, func(t *testing.T) {
			fake := newFakePerses(t)
			var failed atomic.Int32
			fake.afterCreate = func(w http.ResponseWriter, _ *http.Request) bool {
				if failed.Add(1) == 1 {
					fail(t, w)
					return true
				}
				return false
			}
			srv := fake.start()
			cfg := testConfig(srv.URL)
			cfg.MaxRetries = 3
			c := mustNew(t, cfg)
			ctx := context.Background()

			p, err := c.CreateProject(ctx, newProject("Team", "Team"))
			if err != nil {
				t.Fatalf("CreateProject: %v", err)
			}
			if p.Metadata.Name != "team" || fake.callCount("POST /api/v1/projects") != 1 {
				t.Fatalf("project = %+v, calls = %v", p.Metadata, fake.calls)
			}

			failed.Store(0)
			for _, project := range []string{"", "team"} {
				failed.Store(0)
				ds, err := c.CreateDatasource(ctx, newDatasource(project, "Prom", "http://prom:9090"))
				if err != nil {
					t.Fatalf("CreateDatasource(%q): %v", project, err)
				}
				if ds.Metadata.Name != "prom" || ds.Metadata.Project != project {
					t.Errorf("datasource = %+v", ds.Metadata)
				}
			}
			if fake.callCount("POST /api/v1/globaldatasources") != 1 || fake.callCount("POST /api/v1/projects/team/datasources") != 1 {
				t.Errorf("calls = %v", fake.calls)
			}
			if fake.callCount("GET /api/v1/globaldatasources/Prom") != 1 {
				t.Errorf("no read back: %v", fake.calls)
			}
		})
	}
}

// The answer is lost and the object was NOT stored: the POST is sent again.
func TestAmbiguousCreateNotStoredIsResent(t *testing.T) {
	fake := newFakePerses(t)
	var calls atomic.Int32
	fake.before = func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodPost && calls.Add(1) == 1 {
			drain(r)
			writeMessage(w, http.StatusBadGateway, "bad gateway")
			return true
		}
		return false
	}
	srv := fake.start()
	cfg := testConfig(srv.URL)
	cfg.MaxRetries = 1
	c := mustNew(t, cfg)
	if _, err := c.CreateDatasource(context.Background(), newDatasource("", "prom", "http://x")); err != nil {
		t.Fatalf("create: %v", err)
	}
	if fake.callCount("POST /api/v1/globaldatasources") != 2 || fake.callCount("GET /api/v1/globaldatasources/prom") != 1 {
		t.Errorf("calls = %v", fake.calls)
	}

	// Without a retry budget the 502 is reported.
	calls.Store(0)
	c = mustNew(t, testConfig(srv.URL))
	_, err := c.CreateDatasource(context.Background(), newDatasource("", "other", "http://x"))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadGateway {
		t.Fatalf("err = %v", err)
	}
}

// The object exists with another spec after an unknown outcome: a conflict.
func TestAmbiguousCreateDifferentSpecIsConflict(t *testing.T) {
	fake := newFakePerses(t)
	fake.before = func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodPost {
			drain(r)
			// Someone else's object appears, and our POST gets a 503.
			fake.mu.Lock()
			fake.globals["prom"] = &v1.GlobalDatasource{Kind: "GlobalDatasource", Metadata: newDatasource("", "prom", "").Metadata.Metadata, Spec: promSpec("http://someone-else")}
			fake.mu.Unlock()
			writeMessage(w, http.StatusServiceUnavailable, "unavailable")
			return true
		}
		return false
	}
	srv := fake.start()
	cfg := testConfig(srv.URL)
	cfg.MaxRetries = 2
	c := mustNew(t, cfg)
	_, err := c.CreateDatasource(context.Background(), newDatasource("", "prom", "http://mine"))
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("err = %v, want ErrConflict", err)
	}
	if fake.callCount("POST /api/v1/globaldatasources") != 1 {
		t.Errorf("calls = %v", fake.calls)
	}
}

// A plain 409 on the first attempt is not second-guessed.
func TestCreateConflict(t *testing.T) {
	fake := newFakePerses(t)
	srv := fake.start()
	cfg := testConfig(srv.URL)
	cfg.MaxRetries = 2
	c := mustNew(t, cfg)
	ctx := context.Background()
	if _, err := c.CreateDatasource(ctx, newDatasource("", "prom", "http://x")); err != nil {
		t.Fatal(err)
	}
	_, err := c.CreateDatasource(ctx, newDatasource("", "prom", "http://x"))
	if !errors.Is(err, ErrConflict) || err.Error() != "POST /api/v1/globaldatasources: 409 document already exists" {
		t.Fatalf("err = %v", err)
	}
	if fake.callCount("GET /api/v1/globaldatasources/prom") != 0 {
		t.Errorf("calls = %v", fake.calls)
	}
}
