package client

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// tokenServer accepts one bearer token at a time and counts the requests and the 401s.
type tokenServer struct {
	mu           sync.Mutex
	valid        string
	seen         []string
	unauthorized int
}

func (s *tokenServer) accept(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.valid = token
}

func (s *tokenServer) counts() (requests, unauthorized int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.seen), s.unauthorized
}

func (s *tokenServer) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen, s.unauthorized = nil, 0
}

func (s *tokenServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	got := r.Header.Get("Authorization")
	s.seen = append(s.seen, got)
	if got != "Bearer "+s.valid {
		s.unauthorized++
		writeMessage(w, http.StatusUnauthorized, "unauthorized")
		return
	}
	writeJSON(w, http.StatusOK, []any{})
}

func writeTokenFile(t *testing.T, path, content string, modTime time.Time) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, modTime, modTime); err != nil {
		t.Fatal(err)
	}
}

func TestTokenFileReadAgainWhenItChanges(t *testing.T) {
	tokens := &tokenServer{}
	srv := newServer(t, tokens.ServeHTTP)
	file := filepath.Join(t.TempDir(), "token")
	start := time.Now().Add(-time.Hour)
	writeTokenFile(t, file, "token-A\n", start)
	tokens.accept("token-A")

	cfg := testConfig(srv.URL)
	cfg.TokenFile = file
	c := mustNew(t, cfg)
	ctx := context.Background()
	if _, err := c.ListProjects(ctx, ""); err != nil {
		t.Fatalf("first token: %v", err)
	}

	// Rotated (new mtime and size): the next request sends the new token at once.
	writeTokenFile(t, file, "token-BB", start.Add(time.Minute))
	tokens.accept("token-BB")
	tokens.reset()
	if _, err := c.ListProjects(ctx, ""); err != nil {
		t.Fatalf("after the rotation: %v", err)
	}
	if n, unauthorized := tokens.counts(); n != 1 || unauthorized != 0 {
		t.Errorf("after the rotation: %d requests, %d refused; want 1 and 0 (the file read before sending)", n, unauthorized)
	}

	// Rewritten without a visible change (same size, same mtime): the 401 makes the client read
	// the file again and resend once.
	writeTokenFile(t, file, "token-CC", start.Add(time.Minute))
	tokens.accept("token-CC")
	tokens.reset()
	if _, err := c.ListProjects(ctx, ""); err != nil {
		t.Fatalf("after an unseen rewrite: %v", err)
	}
	if n, unauthorized := tokens.counts(); n != 2 || unauthorized != 1 {
		t.Errorf("after an unseen rewrite: %d requests, %d refused; want 2 and 1 (401, read again, resend)", n, unauthorized)
	}

	// The file still holds a refused token: no pointless resend, the 401 is the answer.
	tokens.accept("token-nobody-has")
	tokens.reset()
	_, err := c.ListProjects(ctx, "")
	if n, _ := tokens.counts(); !errors.Is(err, ErrUnauthorized) || n != 1 {
		t.Errorf("refused token: err = %v after %d requests, want ErrUnauthorized after 1", err, n)
	}
	if strings.Contains(err.Error(), "token-CC") {
		t.Errorf("token in the error: %v", err)
	}

	// The file disappears for a moment (being replaced): the token read last is kept.
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	tokens.accept("token-CC")
	if _, err := c.ListProjects(ctx, ""); err != nil {
		t.Errorf("file briefly missing: %v", err)
	}
}

func TestTokenFileUnusable(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	twoLines := filepath.Join(dir, "two-lines")
	for path, content := range map[string]string{empty: " \n", twoLines: "a\nb\n"} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	missing := filepath.Join(dir, "missing")
	for path, want := range map[string]string{
		missing:  "reading the token file: stat " + missing + ": no such file or directory",
		empty:    "reading the token file: " + empty + " is empty",
		twoLines: "reading the token file: " + twoLines + " holds more than one line, not a token alone",
	} {
		cfg := testConfig("http://127.0.0.1:1")
		cfg.TokenFile = path
		if _, err := New(cfg); err == nil || err.Error() != want {
			t.Errorf("New with token file %s: err = %v, want %q", filepath.Base(path), err, want)
		}
	}
	cfg := testConfig("http://127.0.0.1:1")
	cfg.TokenFile, cfg.Token = empty, "t"
	if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "only one authentication method") {
		t.Errorf("token and token file: err = %v", err)
	}
}
