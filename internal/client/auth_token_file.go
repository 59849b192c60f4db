package client

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

// fileToken is a bearer token kept in a file that something else rewrites: a Kubernetes
// projected service-account token (the kubelet rotates it), or a token a CI job or sidecar
// refreshes. The file is read again when its modification time or size changes, and after
// Perses answers 401 (a rewrite within the file system's mtime granularity that keeps the
// size would otherwise go unnoticed).
type fileToken struct {
	c    *Client
	path string

	mu      sync.Mutex
	token   string
	modTime time.Time
	size    int64
}

func newFileToken(c *Client, path string) (*fileToken, error) {
	f := &fileToken{c: c, path: path}
	if _, err := f.reload(true); err != nil {
		return nil, err
	}
	return f, nil
}

// ReadTokenFile returns the token a token file holds, trimmed of surrounding white space
// (`echo token > file` adds a newline). The error names the file and the reason.
func ReadTokenFile(path string) (string, error) {
	data, err := os.ReadFile(path) //nolint:gosec // the path is the user's own setting
	if err != nil {
		return "", err
	}
	token := strings.TrimSpace(string(data))
	if token == "" {
		return "", fmt.Errorf("%s is empty", path)
	}
	if strings.ContainsAny(token, "\r\n") {
		return "", fmt.Errorf("%s holds more than one line, not a token alone", path)
	}
	return token, nil
}

// reload reads the file when force is set or when it changed since the last read, and
// returns the current token.
func (f *fileToken) reload(force bool) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	info, err := os.Stat(f.path)
	if err != nil {
		if f.token != "" {
			// The file is being replaced (an atomic rename leaves no gap, a rewrite might):
			// keep the token read last; Perses says whether it is still good.
			return f.token, nil
		}
		return "", &authError{op: "reading the token file", err: err}
	}
	if !force && f.token != "" && info.ModTime().Equal(f.modTime) && info.Size() == f.size {
		return f.token, nil
	}
	token, err := ReadTokenFile(f.path)
	if err != nil {
		if f.token != "" {
			return f.token, nil
		}
		return "", &authError{op: "reading the token file", err: err}
	}
	if token != f.token && f.token != "" {
		f.c.debug(context.Background(), "Perses token file changed, using the new token", map[string]any{"path": f.path})
	}
	f.c.secrets.add(token)
	f.token, f.modTime, f.size = token, info.ModTime(), info.Size()
	return token, nil
}

func (f *fileToken) authorization(context.Context) (string, error) {
	token, err := f.reload(false)
	if err != nil {
		return "", err
	}
	return "Bearer " + token, nil
}

// renew reads the file again after a 401: a resend is worth it only when it holds
// another token than the one Perses refused.
func (f *fileToken) renew(_ context.Context, rejected string) (string, error) {
	// After New there is always a token read last to fall back on, so reload cannot fail here.
	token, _ := f.reload(true)
	if token == "" || "Bearer "+token == rejected {
		return "", nil
	}
	return "Bearer " + token, nil
}
