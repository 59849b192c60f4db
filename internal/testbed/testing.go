package testbed

import (
	"context"
	"os"
	"testing"
)

// StartTestServer starts a server for a test and stops it when the test ends. If the test
// failed, the end of the server log is printed and the server directory is kept for
// inspection; otherwise a directory created by StartServer is removed. Progress messages
// (including a first-run build of Perses) go to stderr unless opts.Out is set, so that a long
// build is visible while it happens.
func StartTestServer(t testing.TB, opts ServerOptions) *Server {
	t.Helper()
	if opts.Out == nil {
		opts.Out = os.Stderr
	}
	s, err := StartServer(context.Background(), opts)
	if err != nil {
		t.Fatalf("starting Perses: %v", err)
	}
	t.Logf("Perses %s at %s, log: %s", s.Options.Version, s.URL, s.LogPath)
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("stopping Perses: %v", err)
		}
		if t.Failed() {
			t.Logf("last lines of the Perses log %s (directory kept):\n%s", s.LogPath, s.LogTail(40))
			return
		}
		s.removeOwnDir()
	})
	return s
}

// StartTestClickHouse starts a ClickHouse with one password-protected user for a test (see
// StartClickHouse) and stops it when the test ends. If the test failed, its log path and last
// lines are printed and its directory is kept; otherwise the directory is removed.
func StartTestClickHouse(t testing.TB, opts ClickHouseOptions) *ClickHouse {
	t.Helper()
	if opts.Out == nil {
		opts.Out = os.Stderr
	}
	ch, err := StartClickHouse(context.Background(), opts)
	if err != nil {
		t.Fatalf("starting ClickHouse: %v", err)
	}
	t.Logf("ClickHouse at %s, log: %s", ch.URL, ch.LogPath)
	t.Cleanup(func() {
		ch.Stop()
		if t.Failed() {
			t.Logf("last lines of the ClickHouse log %s (directory kept):\n%s", ch.LogPath, ch.LogTail(40))
			return
		}
		_ = os.RemoveAll(ch.Dir)
	})
	return ch
}

// StartTestPrometheus starts a Prometheus behind basic auth for a test (see StartPrometheus)
// and stops it when the test ends. If the test failed, its log path and last lines are
// printed and its directory is kept; otherwise the directory is removed.
func StartTestPrometheus(t testing.TB, opts PrometheusOptions) *Prometheus {
	t.Helper()
	if opts.Out == nil {
		opts.Out = os.Stderr
	}
	p, err := StartPrometheus(context.Background(), opts)
	if err != nil {
		t.Fatalf("starting Prometheus: %v", err)
	}
	t.Logf("Prometheus at %s, log: %s", p.URL, p.LogPath)
	t.Cleanup(func() {
		p.Stop()
		if t.Failed() {
			t.Logf("last lines of the Prometheus log %s (directory kept):\n%s", p.LogPath, p.LogTail(40))
			return
		}
		_ = os.RemoveAll(p.Dir)
	})
	return p
}
