package testbed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// A real Prometheus behind basic auth, for end-to-end tests of Perses secrets: the Perses proxy
// must send the secret's credentials for a query to succeed. Prometheus comes from Debian's
// package (2.42 in bookworm), which the test bed installs on first use; it cannot be built from
// the Go module proxy like the other tools (its web UI assets are not in the module).

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

	cmd    *exec.Cmd
	cancel context.CancelFunc
	exited chan struct{}
}

// EnsurePrometheus returns the path of the prometheus binary. When neither /usr/bin/prometheus
// nor one on PATH exists, it installs Debian's package with apt-get (as root, or through
// `sudo -n`), running `apt-get update` first only if the install fails.
func EnsurePrometheus(ctx context.Context, w io.Writer) (string, error) {
	if w == nil {
		w = io.Discard
	}
	if path, ok := findPrometheus(); ok {
		return path, nil
	}
	root, err := ensureCacheDir()
	if err != nil {
		return "", err
	}
	// Two test packages may get here at once: one installs, the other waits and finds it.
	release, err := acquireLock(ctx, w, filepath.Join(root, "apt-prometheus.lock"), "the Debian package prometheus")
	if err != nil {
		return "", err
	}
	defer release()
	if path, ok := findPrometheus(); ok {
		return path, nil
	}
	start := time.Now()
	fmt.Fprintf(w, "testbed: %s is missing: installing the Debian package prometheus (first run only, about a minute) ...\n", prometheusPath)
	if err := aptGet(ctx, w, "install", "-y", "--no-install-recommends", "prometheus"); err != nil {
		fmt.Fprintf(w, "testbed: apt-get install failed (%v): running apt-get update, then installing again ...\n", err)
		if err := aptGet(ctx, w, "update"); err != nil {
			return "", fmt.Errorf("testbed: apt-get update: %w", err)
		}
		if err := aptGet(ctx, w, "install", "-y", "--no-install-recommends", "prometheus"); err != nil {
			return "", fmt.Errorf("testbed: installing the Debian package prometheus: %w (install it by hand: apt-get install prometheus)", err)
		}
	}
	path, ok := findPrometheus()
	if !ok {
		return "", fmt.Errorf("testbed: the Debian package prometheus is installed but %s is not executable", prometheusPath)
	}
	fmt.Fprintf(w, "testbed: installed prometheus in %s at %s\n", time.Since(start).Round(time.Second), path)
	return path, nil
}

func findPrometheus() (string, bool) {
	if info, err := os.Stat(prometheusPath); err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o111 != 0 {
		return prometheusPath, true
	}
	path, err := exec.LookPath("prometheus")
	return path, err == nil
}

// aptGet runs apt-get non-interactively, its output prefixed and copied to w line by line so
// that a slow download shows progress.
func aptGet(ctx context.Context, w io.Writer, args ...string) error {
	if _, err := exec.LookPath("apt-get"); err != nil {
		return errors.New("apt-get not found: install Prometheus 2.x so that prometheus is on PATH")
	}
	// Wait for another apt (e.g. a concurrent session) instead of failing on the dpkg lock.
	args = append([]string{"-o", "DPkg::Lock::Timeout=600"}, args...)
	name := "apt-get"
	if os.Geteuid() != 0 {
		if _, err := exec.LookPath("sudo"); err != nil {
			return errors.New("installing a package needs root, and sudo is not available")
		}
		name, args = "sudo", append([]string{"-n", "apt-get"}, args...)
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	out := &prefixWriter{w: w, prefix: "testbed: apt: "}
	cmd.Stdout, cmd.Stderr = out, out
	err := cmd.Run()
	out.flush()
	return err
}

// prefixWriter writes each complete line to w with a prefix.
type prefixWriter struct {
	w       io.Writer
	prefix  string
	pending []byte
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.pending = append(p.pending, b...)
	for {
		i := bytes.IndexByte(p.pending, '\n')
		if i < 0 {
			return len(b), nil
		}
		fmt.Fprintf(p.w, "%s%s\n", p.prefix, p.pending[:i])
		p.pending = p.pending[i+1:]
	}
}

func (p *prefixWriter) flush() {
	if len(p.pending) > 0 {
		fmt.Fprintf(p.w, "%s%s\n", p.prefix, p.pending)
		p.pending = nil
	}
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
	base, err := lowercaseTempBase()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(base, "prometheus-testbed-")
	if err != nil {
		return nil, fmt.Errorf("testbed: %w", err)
	}
	p := &Prometheus{Username: opts.Username, Password: opts.Password, Dir: dir, LogPath: filepath.Join(dir, "prometheus.log")}
	if err := p.writeConfig(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	// A free port is picked then released before Prometheus binds it: retry if it was taken.
	for attempt := 1; ; attempt++ {
		port, err := freePort()
		if err == nil {
			err = p.start(ctx, bin, port)
		}
		if err == nil {
			break
		}
		if attempt == 3 || !errors.Is(err, errAddressInUse) {
			return nil, fmt.Errorf("%w (directory %s kept)", err, dir)
		}
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

// start runs Prometheus on port and waits until it is ready; on failure the process is gone.
func (p *Prometheus) start(ctx context.Context, bin string, port int) error {
	logFile, err := os.OpenFile(p.LogPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("testbed: %w", err)
	}
	logStart, _ := logFile.Seek(0, io.SeekEnd)
	p.URL = fmt.Sprintf("http://127.0.0.1:%d", port)
	args := []string{
		"--config.file=" + filepath.Join(p.Dir, "prometheus.yml"),
		"--web.config.file=" + filepath.Join(p.Dir, "web.yml"),
		"--storage.tsdb.path=" + filepath.Join(p.Dir, "data"),
		"--web.listen-address=127.0.0.1:" + strconv.Itoa(port),
	}
	fmt.Fprintf(logFile, "=== testbed: %s %s (%s)\n", bin, strings.Join(args, " "), time.Now().Format(time.RFC3339))
	// Its life is bounded by Stop, not by ctx: Stop cancels this context, which sends SIGTERM
	// (then SIGKILL after WaitDelay).
	runCtx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(runCtx, bin, args...)
	cmd.Dir = p.Dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = procAttr(false)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = stopTimeout
	err = cmd.Start()
	_ = logFile.Close() // the child has its own descriptor
	if err != nil {
		cancel()
		return fmt.Errorf("testbed: starting %s: %w", bin, err)
	}
	p.cmd, p.cancel, p.exited = cmd, cancel, make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(p.exited)
	}()
	if err := p.waitReady(ctx); err != nil {
		p.Stop()
		logTail := readLogFrom(p.LogPath, logStart, 30)
		if strings.Contains(logTail, "address already in use") {
			return fmt.Errorf("testbed: port %d: %w", port, errAddressInUse)
		}
		return fmt.Errorf("%w\nlast lines of %s:\n%s", err, p.LogPath, logTail)
	}
	return nil
}

// waitReady polls /-/ready with the user's credentials: a 200 also proves the web config loaded.
func (p *Prometheus) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, startupTimeout)
	defer cancel()
	var last string
	for {
		status, err := p.Get(ctx, "/-/ready", p.Username, p.Password)
		if err == nil && status == http.StatusOK {
			return nil
		}
		if err != nil {
			last = err.Error()
		} else {
			last = fmt.Sprintf("status %d", status)
		}
		select {
		case <-p.exited:
			return fmt.Errorf("testbed: Prometheus exited while starting (%s)", p.cmd.ProcessState)
		case <-ctx.Done():
			return fmt.Errorf("testbed: Prometheus at %s was not ready in time: %s", p.URL, last)
		case <-time.After(readyPollInterval):
		}
	}
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

// Stop stops Prometheus (SIGTERM, then SIGKILL after 10s) and waits for it to exit. It does not
// remove Dir. Calling it again does nothing.
func (p *Prometheus) Stop() {
	if p.cancel == nil {
		return
	}
	p.cancel()
	<-p.exited
}

// LogTail returns the last n lines of Prometheus' log.
func (p *Prometheus) LogTail(n int) string { return readLogFrom(p.LogPath, 0, n) }
