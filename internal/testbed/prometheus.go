package testbed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// A real Prometheus behind basic auth, for end-to-end tests of Perses secrets: the Perses proxy
// must send the secret's credentials for a query to succeed. Prometheus comes from Debian's
// package (2.42 in bookworm), which the test bed installs on first use (see debian.go); it
// cannot be built from the Go module proxy like the other tools (its web UI assets are not in
// the module).

// prometheusPath is where Debian's package puts the binary.
const prometheusPath = "/usr/bin/prometheus"

// PrometheusOptions configures StartPrometheus.
type PrometheusOptions struct {
	// Username and Password are the one user of basic_auth_users; both are required.
	Username, Password string
	// Out receives progress messages (the first-run install, the address). nil discards them.
	Out io.Writer
}

// Prometheus is a running Prometheus that answers only requests with its user's basic auth.
type Prometheus struct {
	// URL is the base address, e.g. http://127.0.0.1:41234 (the API is under /api/v1).
	URL string
	// Username and Password are the credentials it accepts.
	Username, Password string
	// Dir holds its configuration, its database and LogPath, its stdout and stderr.
	Dir, LogPath string

	backendProcess
}

// EnsurePrometheus returns the path of the prometheus binary, installing Debian's package on
// first use (see ensureDebianBinary).
func EnsurePrometheus(ctx context.Context, w io.Writer) (string, error) {
	return ensureDebianBinary(ctx, w, "prometheus", prometheusPath, "about a minute")
}

// StartPrometheus starts Prometheus on a free loopback port, in a fresh all-lowercase temporary
// directory, with --web.config.file requiring opts' user (bcrypt hash), and returns once it
// answers /-/ready. ctx bounds the install and the start; call Stop.
func StartPrometheus(ctx context.Context, opts PrometheusOptions) (*Prometheus, error) {
	out := opts.Out
	if out == nil {
		out = io.Discard
	}
	if opts.Username == "" || opts.Password == "" {
		return nil, errors.New("testbed: Prometheus needs a username and a password")
	}
	bin, err := EnsurePrometheus(ctx, out)
	if err != nil {
		return nil, err
	}
	dir, err := newBackendDir("prometheus-testbed-")
	if err != nil {
		return nil, err
	}
	p := &Prometheus{Username: opts.Username, Password: opts.Password, Dir: dir, LogPath: filepath.Join(dir, "prometheus.log"),
		backendProcess: backendProcess{name: "Prometheus"}}
	if err := p.writeConfig(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	if err := startOnFreePort(dir, func() error { return p.start(ctx, bin) }); err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "testbed: Prometheus listening on %s (basic auth user %s, log: %s)\n", p.URL, p.Username, p.LogPath)
	return p, nil
}

func (p *Prometheus) writeConfig() error {
	// No scrape targets: queries answer from an empty database, which is all the tests need.
	if err := os.WriteFile(filepath.Join(p.Dir, "prometheus.yml"), []byte("global:\n  scrape_interval: 1m\n"), 0o600); err != nil {
		return fmt.Errorf("testbed: %w", err)
	}
	return p.writeWebConfig()
}

// writeWebConfig writes the web configuration holding the user and the bcrypt hash of its password.
func (p *Prometheus) writeWebConfig() error {
	// The lowest cost: Prometheus checks the hash on requests, and this is a test password.
	hash, err := bcrypt.GenerateFromPassword([]byte(p.Password), bcrypt.MinCost)
	if err != nil {
		return fmt.Errorf("testbed: hashing the Prometheus password: %w", err)
	}
	content := fmt.Sprintf("basic_auth_users:\n  %q: %q\n", p.Username, string(hash))
	// Write then rename: Prometheus reads this file on every request and must never see half of it.
	tmp := filepath.Join(p.Dir, ".web.yml.tmp")
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		return fmt.Errorf("testbed: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(p.Dir, "web.yml")); err != nil {
		return fmt.Errorf("testbed: %w", err)
	}
	return nil
}

// SetPassword changes the password Prometheus accepts, as an operator rotating it would. It
// takes effect at once: Prometheus reads its web configuration on every request.
func (p *Prometheus) SetPassword(password string) error {
	p.Password = password
	return p.writeWebConfig()
}

// start runs Prometheus on a free port and waits until it is ready; on failure the process is gone.
func (p *Prometheus) start(ctx context.Context, bin string) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	logStart := fileSize(p.LogPath)
	p.URL = fmt.Sprintf("http://127.0.0.1:%d", port)
	args := []string{
		"--config.file=" + filepath.Join(p.Dir, "prometheus.yml"),
		"--web.config.file=" + filepath.Join(p.Dir, "web.yml"),
		"--storage.tsdb.path=" + filepath.Join(p.Dir, "data"),
		"--web.listen-address=127.0.0.1:" + strconv.Itoa(port),
	}
	if err := p.run(bin, args, p.Dir, p.LogPath, false); err != nil {
		return err
	}
	// /-/ready with the user's credentials: a 200 also proves the web config loaded.
	err = p.waitReady(ctx, p.URL, func(ctx context.Context) (bool, string) {
		status, err := p.Get(ctx, "/-/ready", p.Username, p.Password)
		return err == nil && status == http.StatusOK, answer(status, "", err)
	})
	if err != nil {
		p.Stop()
		logTail := readLogFrom(p.LogPath, logStart, 30)
		if strings.Contains(logTail, "address already in use") {
			return fmt.Errorf("testbed: port %d: %w", port, errAddressInUse)
		}
		return fmt.Errorf("%w\nlast lines of %s:\n%s", err, p.LogPath, logTail)
	}
	return nil
}

// Get sends GET path with basic auth (none when username is "") and returns the status code.
func (p *Prometheus) Get(ctx context.Context, path, username, password string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.URL+path, nil)
	if err != nil {
		return 0, err
	}
	if username != "" {
		req.SetBasicAuth(username, password)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

// LogTail returns the last n lines of Prometheus' log.
func (p *Prometheus) LogTail(n int) string { return readLogFrom(p.LogPath, 0, n) }
