package testbed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Real backends (Prometheus, ClickHouse) come from Debian's packages: they cannot be built from
// the Go module proxy like the other tools. The test bed installs them on first use.

// ensureDebianBinary returns the path of a backend's binary: binPath (where the Debian package
// puts it) or the same name on PATH. When neither exists it installs the Debian package pkg with
// apt-get (as root, or through `sudo -n`), running `apt-get update` first only if the install
// fails. took tells the user how long the first install takes.
func ensureDebianBinary(ctx context.Context, w io.Writer, pkg, binPath, took string) (string, error) {
	if w == nil {
		w = io.Discard
	}
	if path, ok := findBinary(binPath); ok {
		return path, nil
	}
	root, err := ensureCacheDir()
	if err != nil {
		return "", err
	}
	// Two test packages may get here at once: one installs, the other waits and finds it.
	release, err := acquireLock(ctx, w, filepath.Join(root, "apt-"+pkg+".lock"), "the Debian package "+pkg)
	if err != nil {
		return "", err
	}
	defer release()
	if path, ok := findBinary(binPath); ok {
		return path, nil
	}
	start := time.Now()
	fmt.Fprintf(w, "testbed: %s is missing: installing the Debian package %s (first run only, %s) ...\n", binPath, pkg, took)
	if err := aptGet(ctx, w, "install", "-y", "--no-install-recommends", pkg); err != nil {
		fmt.Fprintf(w, "testbed: apt-get install failed (%v): running apt-get update, then installing again ...\n", err)
		if err := aptGet(ctx, w, "update"); err != nil {
			return "", fmt.Errorf("testbed: apt-get update: %w", err)
		}
		if err := aptGet(ctx, w, "install", "-y", "--no-install-recommends", pkg); err != nil {
			return "", fmt.Errorf("testbed: installing the Debian package %s: %w (install it by hand: apt-get install %s)", pkg, err, pkg)
		}
	}
	path, ok := findBinary(binPath)
	if !ok {
		return "", fmt.Errorf("testbed: the Debian package %s is installed but %s is not executable", pkg, binPath)
	}
	fmt.Fprintf(w, "testbed: installed %s in %s at %s\n", pkg, time.Since(start).Round(time.Second), path)
	return path, nil
}

func findBinary(binPath string) (string, bool) {
	if info, err := os.Stat(binPath); err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o111 != 0 {
		return binPath, true
	}
	path, err := exec.LookPath(filepath.Base(binPath))
	return path, err == nil
}

// aptGet runs apt-get non-interactively, its output prefixed and copied to w line by line so
// that a slow download shows progress.
func aptGet(ctx context.Context, w io.Writer, args ...string) error {
	if _, err := exec.LookPath("apt-get"); err != nil {
		return errors.New("apt-get not found: install the backend by hand so that it is on PATH")
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
