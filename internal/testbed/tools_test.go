package testbed

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCacheDir(t *testing.T) {
	t.Setenv(cacheEnv, "")
	t.Setenv("XDG_CACHE_HOME", "/xdg")
	if got, want := CacheDir(), "/xdg/terraform-provider-perses"; got != want {
		t.Errorf("with XDG_CACHE_HOME: %q, want %q", got, want)
	}
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "/home/someone")
	if got, want := CacheDir(), "/home/someone/.cache/terraform-provider-perses"; got != want {
		t.Errorf("with HOME: %q, want %q", got, want)
	}
	t.Setenv(cacheEnv, "/ci/cache")
	if got := CacheDir(); got != "/ci/cache" {
		t.Errorf("with %s: %q", cacheEnv, got)
	}
}

func TestEmptyCLIConfig(t *testing.T) {
	t.Setenv(cacheEnv, t.TempDir())
	path, err := EmptyCLIConfig()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if !strings.HasPrefix(line, "#") {
			t.Errorf("not an empty (comment-only) config: %q", line)
		}
	}
	if again, err := EmptyCLIConfig(); err != nil || again != path {
		t.Errorf("second call: %q, %v", again, err)
	}
}

// fakeTool "builds" by writing a script, counting builds and taking a while, so that
// concurrent callers overlap.
func fakeTool(builds *atomic.Int32, fail bool) tool {
	return tool{
		name: "Fake", version: "v1.2.3", dir: "fake-v1.2.3", bins: []string{"fake", "fake-cli"}, estimate: "a moment",
		build: func(_ context.Context, work, out string) error {
			builds.Add(1)
			time.Sleep(300 * time.Millisecond)
			if err := os.WriteFile(filepath.Join(work, "scratch"), []byte("x"), 0o644); err != nil {
				return err
			}
			if fail {
				// A partial result must not end up in the cache.
				_ = os.WriteFile(filepath.Join(out, "fake"), []byte("#!/bin/sh\n"), 0o755)
				return errors.New("compiler exploded")
			}
			for _, b := range []string{"fake", "fake-cli"} {
				if err := os.WriteFile(filepath.Join(out, b), []byte("#!/bin/sh\n"), 0o755); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

func TestEnsureToolBuildsOnceAcrossConcurrentCallers(t *testing.T) {
	root := t.TempDir()
	t.Setenv(cacheEnv, root)
	var builds atomic.Int32
	ft := fakeTool(&builds, false)

	var wg sync.WaitGroup
	dirs := make([]string, 4)
	errs := make([]error, 4)
	for i := range dirs {
		wg.Go(func() { dirs[i], errs[i] = ensureTool(context.Background(), io.Discard, ft) })
	}
	wg.Wait()
	for i := range dirs {
		if errs[i] != nil || dirs[i] != filepath.Join(root, "fake-v1.2.3") {
			t.Errorf("caller %d: %q, %v", i, dirs[i], errs[i])
		}
	}
	if n := builds.Load(); n != 1 {
		t.Errorf("%d builds, want 1", n)
	}
	// No scratch directories are left behind.
	if left, _ := filepath.Glob(filepath.Join(root, ".*-fake-*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}

	// A warm call does not build and says where the cached tool is.
	var msg strings.Builder
	if _, err := ensureTool(context.Background(), &msg, ft); err != nil {
		t.Fatal(err)
	}
	if n := builds.Load(); n != 1 {
		t.Errorf("warm call built again (%d builds)", n)
	}
	if want := "testbed: using cached Fake v1.2.3 at " + filepath.Join(root, "fake-v1.2.3"); !strings.Contains(msg.String(), want) {
		t.Errorf("message %q, want %q", msg.String(), want)
	}
}

func TestEnsureToolFailedBuildLeavesNothing(t *testing.T) {
	root := t.TempDir()
	t.Setenv(cacheEnv, root)
	var builds atomic.Int32
	var msg strings.Builder
	_, err := ensureTool(context.Background(), &msg, fakeTool(&builds, true))
	if err == nil || !strings.Contains(err.Error(), "compiler exploded") {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(msg.String(), "testbed: building Fake v1.2.3 (first run only, a moment) ...") {
		t.Errorf("no progress message: %q", msg.String())
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if e.Name() != "fake-v1.2.3.lock" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	// The next call builds again, and succeeds.
	if _, err := ensureTool(context.Background(), io.Discard, fakeTool(&builds, false)); err != nil {
		t.Fatal(err)
	}
}

// A directory missing one of the binaries (an interrupted manual copy) is rebuilt.
func TestEnsureToolReplacesIncompleteDir(t *testing.T) {
	root := t.TempDir()
	t.Setenv(cacheEnv, root)
	if err := os.MkdirAll(filepath.Join(root, "fake-v1.2.3"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "fake-v1.2.3", "fake"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	var builds atomic.Int32
	dir, err := ensureTool(context.Background(), io.Discard, fakeTool(&builds, false))
	if err != nil || builds.Load() != 1 {
		t.Fatalf("dir %q, err %v, builds %d", dir, err, builds.Load())
	}
	if _, err := os.Stat(filepath.Join(dir, "fake-cli")); err != nil {
		t.Error(err)
	}
}

func TestPersesDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                       "",
		2 * time.Second:         "2s",
		15 * time.Minute:        "900s",
		1500 * time.Millisecond: "1500ms",
		time.Microsecond:        "1ms",
	} {
		if got := persesDuration(d); got != want {
			t.Errorf("persesDuration(%s) = %q, want %q", d, got, want)
		}
	}
}

// The plugin folders hold what the server needs, and every datasource schema directory gets
// the shared HTTP definitions.
func TestWritePlugins(t *testing.T) {
	dir := t.TempDir()
	if err := WritePlugins(dir); err != nil {
		t.Fatal(err)
	}
	for _, p := range datasourcePlugins {
		for _, f := range []string{"mf-manifest.json", "package.json", "cue.mod/module.cue"} {
			if _, err := os.Stat(filepath.Join(dir, p.module, f)); err != nil {
				t.Errorf("%s: %v", p.kind, err)
			}
		}
		schemaDir := filepath.Join(dir, filepath.FromSlash(p.schemaDir()))
		lib, err := os.ReadFile(filepath.Join(schemaDir, "http_datasource.cue"))
		if err != nil || !strings.Contains(string(lib), "#HTTPDatasourceSpec:") {
			t.Errorf("%s: shared HTTP definitions missing: %v", p.kind, err)
		}
		own, _ := filepath.Glob(filepath.Join(schemaDir, "*.cue"))
		found := false
		for _, f := range own {
			data, _ := os.ReadFile(f)
			found = found || strings.Contains(string(data), `kind: "`+p.kind+`"`)
		}
		if !found {
			t.Errorf("%s: no schema with kind %q in %s", p.kind, p.kind, schemaDir)
		}
		pkg, _ := os.ReadFile(filepath.Join(dir, p.module, "package.json"))
		if !strings.Contains(string(pkg), `"name": "`+p.kind+`"`) {
			t.Errorf("%s: not listed in %s/package.json", p.kind, p.module)
		}
	}
}

// A cached build with another recipe stamp (e.g. other ldflags) is rebuilt once.
func TestEnsureToolRebuildsOnStampChange(t *testing.T) {
	t.Setenv(cacheEnv, t.TempDir())
	var builds atomic.Int32
	ft := fakeTool(&builds, false)
	ft.stamp = "-X version=1"
	if _, err := ensureTool(context.Background(), io.Discard, ft); err != nil {
		t.Fatal(err)
	}
	ft.stamp = "-X version=2"
	for range 2 {
		if _, err := ensureTool(context.Background(), io.Discard, ft); err != nil {
			t.Fatal(err)
		}
	}
	if n := builds.Load(); n != 2 {
		t.Errorf("%d builds, want 2", n)
	}
}
