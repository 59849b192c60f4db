package release

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// demoEnv runs make demo against the server at url (DEMO_PERSES_URL: the test's own, not the
// shared `testbed up` one) with work as its working folder.
func demoEnv(url, work string) []string {
	return cleanEnv("DEMO_PERSES_URL="+url, "DEMO_DIR="+work)
}

// TestDemo runs `make demo` as a user does, `testbed up` included, from a clean working folder,
// and checks what the server then holds; a second run changes nothing. The test bed gets a cache
// folder of its own (holding links to the cached tools), so that its server is not the one of
// `make perses-up`, and a free port.
func TestDemo(t *testing.T) {
	root := repoRoot(t)
	cache := isolatedCache(t)
	env := cleanEnv("PERSES_TF_CACHE="+cache, "DEMO_DIR="+t.TempDir(), "DEMO_PORT=0")
	t.Cleanup(func() {
		if out, code := run(t, time.Minute, root, env, "make", "--no-print-directory", "perses-down"); code != 0 {
			t.Errorf("make perses-down: exit %d:\n%s", code, out)
		}
	})

	out := mustRun(t, 15*time.Minute, root, env, "make", "--no-print-directory", "demo")
	t.Logf("what make demo said:\n%s", out)
	url := strings.TrimSpace(mustRun(t, time.Minute, root, env, filepath.Join(root, "bin", "testbed"), "url"))
	for _, want := range []string{
		"==> Starting a local Perses server (auth off)",
		"Apply complete! Resources: 3 added, 0 changed, 0 destroyed.",
		"==> What Terraform manages now",
		"perses_global_datasource.prometheus\nperses_project.checkout\nperses_project_datasource.prometheus",
		`global_datasource = "prometheus"`,
		`project_datasource = "checkout/prometheus"`,
		"Perses is running at " + url + " (auth off).",
		"Stop:   make perses-down",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("make demo output lacks %q:\n%s", want, out)
		}
	}
	checkQuickstartOnServer(t, url)

	out = mustRun(t, 10*time.Minute, root, env, "make", "--no-print-directory", "demo")
	for _, want := range []string{
		"Perses is already running at " + url,
		"Apply complete! Resources: 0 added, 0 changed, 0 destroyed.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("second make demo: output lacks %q:\n%s", want, out)
		}
	}
	checkQuickstartOnServer(t, url)
}

// isolatedCache is a new test bed cache folder whose tool builds are links to those of the real
// cache (built there first if needed). Its path is all lowercase, as Perses needs (see
// testbed.ServerOptions.Dir).
func isolatedCache(t *testing.T) string {
	t.Helper()
	server, _, err := testbed.EnsurePerses(t.Context(), os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	terraform, err := testbed.EnsureTerraform(t.Context(), os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	cache, err := os.MkdirTemp("/tmp", "release-test-cache-") //nolint:usetesting // t.TempDir() has capital letters
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(cache) })
	for _, dir := range []string{filepath.Dir(server), filepath.Dir(terraform)} {
		if err := os.Symlink(dir, filepath.Join(cache, filepath.Base(dir))); err != nil {
			t.Fatal(err)
		}
	}
	return cache
}

// TestDemoFailsWhenPersesIsDown: a demo that cannot reach its server exits non-zero and says
// which step failed.
func TestDemoFailsWhenPersesIsDown(t *testing.T) {
	root := repoRoot(t)
	perses := testbed.StartTestServer(t, testbed.ServerOptions{})
	if err := perses.Stop(); err != nil {
		t.Fatal(err)
	}
	out, code := run(t, 10*time.Minute, root, demoEnv(perses.URL, t.TempDir()), "make", "--no-print-directory", "demo")
	if code == 0 {
		t.Fatalf("make demo against a stopped server exited 0:\n%s", out)
	}
	t.Logf("what make demo said:\n%s", out)
	if want := "make demo FAILED while checking that Perses answers at " + perses.URL; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}

// TestDemoFailsWhenApplyFails: the apply error reaches the user and fails the demo (it used to
// end with `|| true`). The server already holds a global datasource "prometheus" that the
// demo's fresh state does not know, so creating it fails.
func TestDemoFailsWhenApplyFails(t *testing.T) {
	root := repoRoot(t)
	perses := testbed.StartTestServer(t, testbed.ServerOptions{})
	body := `{"kind":"GlobalDatasource","metadata":{"name":"prometheus"},"spec":{"default":false,` +
		`"plugin":{"kind":"PrometheusDatasource","spec":{"directUrl":"http://127.0.0.1:9"}}}}`
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, perses.URL+"/api/v1/globaldatasources", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("creating the conflicting datasource: %s", resp.Status)
	}

	work := t.TempDir()
	out, code := run(t, 10*time.Minute, root, demoEnv(perses.URL, work), "make", "--no-print-directory", "demo")
	if code == 0 {
		t.Fatalf("make demo exited 0 although its apply failed:\n%s", out)
	}
	t.Logf("what make demo said:\n%s", out)
	for _, want := range []string{
		"make demo FAILED while running terraform apply on examples/quickstart against " + perses.URL,
		"log of that step: " + work + "/apply.log",
		"The server already holds objects of the quickstart that this working copy does not know",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "==> What Terraform manages now") {
		t.Errorf("the demo went on after the failed apply:\n%s", out)
	}
}
