package release

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/perses/terraform-provider-perses/internal/plugins"
)

// repoRoot is the repository root (tests run in their package directory).
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, ".goreleaser.yml")); err != nil {
		t.Fatalf("not the repository root: %v", err)
	}
	return root
}

var (
	// scratch holds what the tests of this package share (the test bed CLI); TestMain removes it.
	scratch     string
	testbedOnce sync.Once
	testbedBin  string
	testbedErr  error
)

func TestMain(m *testing.M) {
	var err error
	if scratch, err = os.MkdirTemp("", "release-test-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(scratch)
	os.Exit(code)
}

// testbedCLI builds the test bed's CLI once per test binary (the CLI tests ask it which CLIs
// there are and where they are, as `make testacc` does).
func testbedCLI(t testing.TB) string {
	t.Helper()
	testbedOnce.Do(func() {
		testbedBin = filepath.Join(scratch, "testbed")
		cmd := exec.Command("go", "build", "-o", testbedBin, "./internal/testbed/cmd/testbed")
		cmd.Dir = repoRoot(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			testbedErr = fmt.Errorf("building the test bed CLI: %w\n%s", err, out)
		}
	})
	if testbedErr != nil {
		t.Fatal(testbedErr)
	}
	return testbedBin
}

// cli is one of the CLIs the test bed offers.
type cli struct {
	name string // as `testbed env` names it: terraform, terraform-1.15, tofu
	path string
	// registry is the host `source = "perses/perses"` resolves to with this CLI.
	registry string
}

// testbedCLIs asks the test bed which CLIs it offers (`testbed clis`) and where each one is
// (`testbed env <name>`, building it on first use), so that a CLI added there is tested here.
func testbedCLIs(t *testing.T) []cli {
	t.Helper()
	tb := testbedCLI(t)
	out, err := exec.Command(tb, "clis").Output()
	if err != nil {
		t.Fatalf("testbed clis: %v", err)
	}
	var clis []cli
	for _, name := range strings.Fields(string(out)) {
		cmd := exec.Command(tb, "env", name)
		cmd.Stderr = os.Stderr // a first-run build prints its progress
		env, err := cmd.Output()
		if err != nil {
			t.Fatalf("testbed env %s: %v", name, err)
		}
		c := cli{name: name, registry: "registry.terraform.io"}
		for _, line := range strings.Split(string(env), "\n") {
			k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
			if !ok {
				continue
			}
			v = strings.Trim(v, "'")
			switch k {
			case "TF_ACC_TERRAFORM_PATH":
				c.path = v
			case "TF_ACC_PROVIDER_HOST":
				c.registry = v
			}
		}
		if c.path == "" {
			t.Fatalf("testbed env %s printed no TF_ACC_TERRAFORM_PATH:\n%s", name, env)
		}
		clis = append(clis, c)
	}
	// The three the project supports must be there: a shorter list is a test bed bug, not a pass.
	if len(clis) < 3 {
		t.Fatalf("testbed clis names %d CLIs (%s), want Terraform 1.8, Terraform 1.15 and OpenTofu", len(clis), out)
	}
	return clis
}

// cleanEnv is this process's environment without anything that would change what a CLI or the
// provider does (TF_*, the provider's PERSES_* settings, a parent make's flags), plus extra.
// The test bed's own PERSES_TF_* settings (cache folder, Terraform 1.15 overrides) stay.
func cleanEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "PERSES_TF_"):
		case strings.HasPrefix(k, "TF_"), strings.HasPrefix(k, "PERSES_"), strings.HasPrefix(k, "OPENTOFU_"),
			k == "MAKEFLAGS", k == "MFLAGS", k == "MAKELEVEL", k == "GNUMAKEFLAGS", k == "CHECKPOINT_DISABLE":
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

// run runs a program in dir and returns its combined output and exit code; it fails the test
// only when the program cannot be started or runs past the timeout. (Not t.Context(): cleanups
// run programs too, after that context is canceled.)
func run(t *testing.T, timeout time.Duration, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s %s: no answer after %s:\n%s", filepath.Base(name), strings.Join(args, " "), timeout, out.String())
	}
	code := 0
	if err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
		}
		code = exitErr.ExitCode()
	}
	t.Logf("%s %s: exit %d in %s", filepath.Base(name), strings.Join(args, " "), code, time.Since(start).Round(100*time.Millisecond))
	return out.String(), code
}

// mustRun is run that fails the test unless the program exits 0.
func mustRun(t *testing.T, timeout time.Duration, dir string, env []string, name string, args ...string) string {
	t.Helper()
	out, code := run(t, timeout, dir, env, name, args...)
	if code != 0 {
		t.Fatalf("%s %s: exit %d:\n%s", filepath.Base(name), strings.Join(args, " "), code, out)
	}
	return out
}

// getJSON reads a Perses API object (path under /api/v1) into v and returns the status.
func getJSON(t *testing.T, baseURL, path string, v any) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, baseURL+"/api/v1/"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close() //nolint:errcheck // read fully below
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if resp.StatusCode == http.StatusOK && v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("GET %s: %v in %s", path, err, body)
		}
	}
	return resp.StatusCode
}

// quickstartObject is the part of a Perses datasource or project the quickstart sets.
type quickstartObject struct {
	Metadata struct {
		Name    string `json:"name"`
		Project string `json:"project"`
	} `json:"metadata"`
	Spec struct {
		Display *struct {
			Name string `json:"name"`
		} `json:"display"`
		Default bool `json:"default"`
		Plugin  struct {
			Kind string `json:"kind"`
			Spec struct {
				ScrapeInterval string `json:"scrapeInterval"`
				Proxy          struct {
					Kind string `json:"kind"`
					Spec struct {
						URL              string `json:"url"`
						AllowedEndpoints []struct {
							EndpointPattern string `json:"endpointPattern"`
							Method          string `json:"method"`
						} `json:"allowedEndpoints"`
					} `json:"spec"`
				} `json:"proxy"`
			} `json:"spec"`
		} `json:"plugin"`
	} `json:"spec"`
}

func (o quickstartObject) display() string {
	if o.Spec.Display == nil {
		return ""
	}
	return o.Spec.Display.Name
}

// checkQuickstartOnServer checks that the server holds what examples/quickstart describes.
func checkQuickstartOnServer(t *testing.T, baseURL string) {
	t.Helper()
	var global, project, projectDS quickstartObject
	if code := getJSON(t, baseURL, "globaldatasources/prometheus", &global); code != http.StatusOK {
		t.Fatalf("GET globaldatasources/prometheus: %d", code)
	}
	if code := getJSON(t, baseURL, "projects/checkout", &project); code != http.StatusOK {
		t.Fatalf("GET projects/checkout: %d", code)
	}
	if code := getJSON(t, baseURL, "projects/checkout/datasources/prometheus", &projectDS); code != http.StatusOK {
		t.Fatalf("GET projects/checkout/datasources/prometheus: %d", code)
	}
	check := func(what, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", what, got, want)
		}
	}
	check("global datasource display name", global.display(), "Prometheus (organisation)")
	check("global datasource plugin kind", global.Spec.Plugin.Kind, "PrometheusDatasource")
	check("global datasource proxy kind", global.Spec.Plugin.Spec.Proxy.Kind, "HTTPProxy")
	check("global datasource proxy url", global.Spec.Plugin.Spec.Proxy.Spec.URL, "http://prometheus.monitoring.svc:9090")
	if !global.Spec.Default {
		t.Error("global datasource is not the default")
	}
	// The quickstart leaves allowed_endpoints out: the provider plans the kind's defaults.
	var got, want []string
	for _, e := range global.Spec.Plugin.Spec.Proxy.Spec.AllowedEndpoints {
		got = append(got, e.Method+" "+e.EndpointPattern)
	}
	for _, e := range plugins.ByAttribute("prometheus").DefaultAllowedEndpoints {
		want = append(want, e.Method+" "+e.Pattern)
	}
	check("global datasource allowed endpoints", strings.Join(got, ", "), strings.Join(want, ", "))
	check("project display name", project.display(), "Checkout team")
	check("project datasource project", projectDS.Metadata.Project, "checkout")
	check("project datasource display name", projectDS.display(), "Prometheus (checkout)")
	check("project datasource proxy url", projectDS.Spec.Plugin.Spec.Proxy.Spec.URL, "http://prometheus.checkout.svc:9090")
	check("project datasource scrape interval", projectDS.Spec.Plugin.Spec.ScrapeInterval, "30s")
}
