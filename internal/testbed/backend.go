package testbed

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// backendProcess is a backend server the test bed runs for end-to-end tests (Prometheus,
// ClickHouse): its process, how to wait until it is ready, and how to stop it.
type backendProcess struct {
	name   string // in messages, e.g. "Prometheus"
	cmd    *exec.Cmd
	cancel context.CancelFunc
	exited chan struct{}
}

// newBackendDir creates a fresh all-lowercase temporary directory for a backend.
func newBackendDir(prefix string) (string, error) {
	base, err := lowercaseTempBase()
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp(base, prefix)
	if err != nil {
		return "", fmt.Errorf("testbed: %w", err)
	}
	return dir, nil
}

// startOnFreePort runs start until it does not fail with errAddressInUse, three times at most:
// a free port is picked then released before the backend binds it, so another process may take it.
func startOnFreePort(dir string, start func() error) error {
	for attempt := 1; ; attempt++ {
		err := start()
		if err == nil {
			return nil
		}
		if attempt == 3 || !errors.Is(err, errAddressInUse) {
			return fmt.Errorf("%w (directory %s kept)", err, dir)
		}
	}
}

// run starts bin in dir, its stdout and stderr appended to outputPath. Its life is bounded by Stop,
// not by a context of the caller: Stop cancels the process's context, which sends SIGTERM (then
// SIGKILL after stopTimeout), or SIGKILL at once when kill is true.
func (b *backendProcess) run(bin string, args []string, dir, outputPath string, kill bool) error {
	out, err := os.OpenFile(outputPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("testbed: %w", err)
	}
	fmt.Fprintf(out, "=== testbed: %s %s (%s)\n", bin, strings.Join(args, " "), time.Now().Format(time.RFC3339))
	runCtx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(runCtx, bin, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = procAttr(false)
	if !kill {
		cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	}
	cmd.WaitDelay = stopTimeout
	err = cmd.Start()
	_ = out.Close() // the child has its own descriptor
	if err != nil {
		cancel()
		return fmt.Errorf("testbed: starting %s: %w", bin, err)
	}
	b.cmd, b.cancel, b.exited = cmd, cancel, make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(b.exited)
	}()
	return nil
}

// waitReady polls ready until it reports true, the process exits or startupTimeout passes;
// ready's text says why it is not ready yet.
func (b *backendProcess) waitReady(ctx context.Context, url string, ready func(context.Context) (bool, string)) error {
	ctx, cancel := context.WithTimeout(ctx, startupTimeout)
	defer cancel()
	for {
		ok, last := ready(ctx)
		if ok {
			return nil
		}
		select {
		case <-b.exited:
			return fmt.Errorf("testbed: %s exited while starting (%s)", b.name, b.cmd.ProcessState)
		case <-ctx.Done():
			return fmt.Errorf("testbed: %s at %s was not ready in time: %s", b.name, url, last)
		case <-time.After(readyPollInterval):
		}
	}
}

// Stop stops the backend and waits for it to exit. It does not remove its directory. Calling it
// again does nothing.
func (b *backendProcess) Stop() {
	if b.cancel == nil {
		return
	}
	b.cancel()
	<-b.exited
}

// fileSize is where a log's new lines will start (0 for a new file).
func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

// answer describes an HTTP outcome for waitReady's messages.
func answer(status int, body string, err error) string {
	if err != nil {
		return err.Error()
	}
	return strings.TrimSpace(fmt.Sprintf("status %d: %s", status, body))
}
