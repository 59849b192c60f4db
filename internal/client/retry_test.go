package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// statusSequence answers the given statuses in turn, then 200 with a project.
func statusSequence(t *testing.T, header http.Header, statuses ...int) (*atomic.Int32, string) {
	var calls atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		drain(r)
		n := int(calls.Add(1))
		if n <= len(statuses) {
			for k, v := range header {
				w.Header()[k] = v
			}
			writeMessage(w, statuses[n-1], http.StatusText(statuses[n-1]))
			return
		}
		writeJSON(w, http.StatusOK, newProject("p", ""))
	})
	return &calls, srv.URL
}

func TestRetryOnTransientStatus(t *testing.T) {
	for _, status := range []int{429, 502, 503, 504} {
		calls, url := statusSequence(t, nil, status, status)
		cfg := testConfig(url)
		cfg.MaxRetries = 2
		c := mustNew(t, cfg)
		if _, err := c.GetProject(context.Background(), "p"); err != nil {
			t.Fatalf("%d: %v", status, err)
		}
		if calls.Load() != 3 {
			t.Errorf("%d: calls = %d, want 3", status, calls.Load())
		}
	}
}

func TestRetryBudget(t *testing.T) {
	calls, url := statusSequence(t, nil, 503, 503, 503)
	cfg := testConfig(url)
	cfg.MaxRetries = 1
	c := mustNew(t, cfg)
	_, err := c.GetProject(context.Background(), "p")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Fatalf("err = %v", err)
	}
	if calls.Load() != 2 {
		t.Errorf("calls = %d, want 2", calls.Load())
	}

	// MaxRetries 0: one attempt only.
	calls, url = statusSequence(t, nil, 503)
	c = mustNew(t, testConfig(url))
	if _, err := c.GetProject(context.Background(), "p"); err == nil || calls.Load() != 1 {
		t.Fatalf("err = %v, calls = %d", err, calls.Load())
	}
}

func TestNoRetryOnFinalStatus(t *testing.T) {
	// 500 is final except on a GET (see TestFileDatabaseReadRaceIsRetried).
	for _, status := range []int{400, 404, 409} {
		calls, url := statusSequence(t, nil, status)
		cfg := testConfig(url)
		cfg.MaxRetries = 3
		c := mustNew(t, cfg)
		if _, err := c.GetProject(context.Background(), "p"); err == nil {
			t.Fatalf("%d: no error", status)
		}
		if calls.Load() != 1 {
			t.Errorf("%d: calls = %d", status, calls.Load())
		}
	}
	// Nor on a create: a 500 answer to a POST is read back (Perses may have stored the object,
	// see failedAfterWrite), and the create is done when the object exists as sent: 2 calls.
	calls, url := statusSequence(t, nil, 500)
	cfg := testConfig(url)
	cfg.MaxRetries = 3
	c := mustNew(t, cfg)
	if _, err := c.CreateProject(context.Background(), newProject("p", "")); err != nil || calls.Load() != 2 {
		t.Fatalf("create: err = %v, calls = %d, want the POST and one read back", err, calls.Load())
	}
}

func TestRetryAfterHonouredAndCapped(t *testing.T) {
	// Retry-After: 1 (second) is capped by RetryWaitMax: the wait is exactly the cap.
	calls, url := statusSequence(t, http.Header{"Retry-After": {"1"}}, 429)
	cfg := testConfig(url)
	cfg.MaxRetries = 1
	cfg.RetryWaitMin = time.Millisecond
	cfg.RetryWaitMax = 40 * time.Millisecond
	c := mustNew(t, cfg)
	start := time.Now()
	if _, err := c.GetProject(context.Background(), "p"); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 40*time.Millisecond || d > 900*time.Millisecond {
		t.Errorf("waited %s, want the 40ms cap", d)
	}
	if calls.Load() != 2 {
		t.Errorf("calls = %d", calls.Load())
	}

	if got := c.backoff(1, 20*time.Millisecond); got != 20*time.Millisecond {
		t.Errorf("backoff with Retry-After 20ms = %s", got)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"":                              0,
		"3":                             3 * time.Second,
		"-1":                            0,
		"soon":                          0,
		"Thu, 01 Jan 2026 00:00:10 GMT": 10 * time.Second,
		"Wed, 31 Dec 2025 23:00:00 GMT": 0,
	} {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestBackoffGrowsWithJitter(t *testing.T) {
	c := mustNew(t, Config{URL: "http://perses", RetryWaitMin: 100 * time.Millisecond, RetryWaitMax: time.Second})
	for attempt, base := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 5: time.Second, 50: time.Second} {
		for range 20 {
			d := c.backoff(attempt, 0)
			if d < base/2 || d > base {
				t.Fatalf("attempt %d: backoff %s outside [%s, %s]", attempt, d, base/2, base)
			}
		}
	}
	def := mustNew(t, Config{URL: "http://perses"})
	if def.waitMin != 500*time.Millisecond || def.waitMax != 30*time.Second || def.timeout != 30*time.Second {
		t.Errorf("defaults = %s %s %s", def.waitMin, def.waitMax, def.timeout)
	}
}

// failDials makes the first n dials fail like a refused connection.
func failDials(c *Client, n int32) *atomic.Int32 {
	var dials atomic.Int32
	c.transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) <= n {
			return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	return &dials
}

// A POST that could not connect certainly did not reach the server: resent.
func TestCreateRetriedAfterDialError(t *testing.T) {
	fake := newFakePerses(t)
	srv := fake.start()
	cfg := testConfig(srv.URL)
	cfg.MaxRetries = 2
	c := mustNew(t, cfg)
	dials := failDials(c, 2)
	if _, err := c.CreateProject(context.Background(), newProject("p", "")); err != nil {
		t.Fatalf("create: %v", err)
	}
	if dials.Load() != 3 || fake.callCount("POST /api/v1/projects") != 1 || fake.callCount("GET /api/v1/projects/p") != 0 {
		t.Errorf("dials = %d, calls = %v", dials.Load(), fake.calls)
	}

	c = mustNew(t, testConfig(srv.URL)) // no retries
	failDials(c, 1)
	if _, err := c.CreateProject(context.Background(), newProject("q", "")); !errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
}

func TestGetRetriedAfterConnectionDrop(t *testing.T) {
	fake := newFakePerses(t)
	var calls atomic.Int32
	fake.before = func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodGet && calls.Add(1) == 1 {
			hijackAndClose(t, w)
			return true
		}
		return false
	}
	srv := fake.start()
	cfg := testConfig(srv.URL)
	cfg.MaxRetries = 1
	c := mustNew(t, cfg)
	if _, err := c.ListProjects(context.Background(), ""); err != nil {
		t.Fatalf("list: %v", err)
	}
	if calls.Load() != 2 {
		t.Errorf("calls = %d", calls.Load())
	}
}

// The first DELETE is processed but its answer is lost; the retry's 404 means done.
func TestDeleteAmbiguousThenNotFound(t *testing.T) {
	fake := newFakePerses(t)
	srv := fake.start()
	cfg := testConfig(srv.URL)
	cfg.MaxRetries = 1
	c := mustNew(t, cfg)
	if _, err := c.CreateProject(context.Background(), newProject("p", "")); err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	fake.before = func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodDelete && calls.Add(1) == 1 {
			fake.mu.Lock()
			delete(fake.projects, "p")
			fake.mu.Unlock()
			writeMessage(w, http.StatusBadGateway, "bad gateway")
			return true
		}
		return false
	}
	if err := c.DeleteProject(context.Background(), "p"); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if calls.Load() != 2 {
		t.Errorf("calls = %d", calls.Load())
	}
}

func TestPerAttemptTimeout(t *testing.T) {
	var calls atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			<-r.Context().Done() // hang until the client gives up
			return
		}
		writeJSON(w, http.StatusOK, newProject("p", ""))
	})
	cfg := testConfig(srv.URL)
	cfg.RequestTimeout = 50 * time.Millisecond
	c := mustNew(t, cfg)
	_, err := c.GetProject(context.Background(), "p")
	if !errors.Is(err, ErrUnreachable) || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrUnreachable only", err)
	}
	var te *transportError
	if !errors.As(err, &te) || te.timeout != 50*time.Millisecond {
		t.Errorf("err = %#v", err)
	}

	cfg.MaxRetries = 1
	calls.Store(0)
	c = mustNew(t, cfg)
	if _, err := c.GetProject(context.Background(), "p"); err != nil {
		t.Fatalf("with a retry: %v", err)
	}
}

func TestContextCancelStopsSlowRequest(t *testing.T) {
	release := make(chan struct{})
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	cfg := testConfig(srv.URL)
	cfg.RequestTimeout = time.Minute
	cfg.MaxRetries = 5
	c := mustNew(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.GetProject(ctx, "p")
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v, want the context's error", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %s", d)
	}
}

func TestContextCancelStopsRetryLoop(t *testing.T) {
	calls, url := statusSequence(t, nil, 503, 503, 503, 503, 503)
	cfg := testConfig(url)
	cfg.MaxRetries = 5
	cfg.RetryWaitMin = time.Minute
	cfg.RetryWaitMax = time.Hour
	c := mustNew(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.GetProject(ctx, "p")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %s", d)
	}
	if calls.Load() != 1 {
		t.Errorf("calls = %d", calls.Load())
	}
	// An already cancelled context sends nothing.
	_, err = c.GetProject(ctx, "p")
	if !errors.Is(err, context.Canceled) || calls.Load() != 1 {
		t.Errorf("err = %v, calls = %d", err, calls.Load())
	}
}

// The file database's read race (an object read while another request rewrites it) answers 400
// "unexpected end of JSON input" (retried even for a POST, since nothing was written) or, on a
// GET, 500: both are sent again.
func TestFileDatabaseReadRaceIsRetried(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		call   func(*Client) error
	}{
		{"create answered 400", http.StatusBadRequest, `{"message":"bad request: unexpected end of JSON input"}`, func(c *Client) error {
			_, err := c.CreateProject(context.Background(), &v1.Project{Metadata: v1.Metadata{Name: "p"}})
			return err
		}},
		{"get answered 500", http.StatusInternalServerError, `{"message":"internal server error"}`, func(c *Client) error {
			_, err := c.GetProject(context.Background(), "p")
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls++
				if calls == 1 {
					w.WriteHeader(tc.status)
					_, _ = w.Write([]byte(tc.body))
					return
				}
				_, _ = w.Write([]byte(`{"kind":"Project","metadata":{"name":"p"},"spec":{}}`))
			}))
			defer srv.Close()
			c, err := New(Config{URL: srv.URL, MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.call(c); err != nil {
				t.Fatalf("after a read race: %v", err)
			}
			if calls != 2 {
				t.Fatalf("%d calls, want 2", calls)
			}
		})
	}
}
