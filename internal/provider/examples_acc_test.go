package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/plugins"
	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// TestAccExamples applies every example of the documentation, so that none can rot: each
// resource and data source example with a provider block for the test server, then the
// quickstart as `make demo` runs it (configured from PERSES_URL alone). Each is destroyed before
// the next, as their names overlap on purpose (they read like real configurations).
//
// The examples name backends as users write them (http://prometheus.monitoring.svc:9090), and the
// Perses server contacts a proxy's url whenever something queries through it (a probe, verify, a
// check block). So the test applies a copy of each example whose URLs point at loopback (see
// exampleBackends): Prometheus URLs at the test bed's real Prometheus, ClickHouse URLs at its real
// ClickHouse, any other at a listener that fails the test if anything connects to it. The check
// blocks must then pass, and after each apply no datasource on the server may name a host
// outside loopback.
func TestAccExamples(t *testing.T) {
	s := accServerAuthOff(t)
	dirs, err := filepath.Glob(filepath.Join("..", "..", "examples", "*", "perses_*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no examples found: %v", err)
	}
	examples := map[string]string{}
	for _, dir := range dirs {
		if filepath.Base(filepath.Dir(dir)) == "list-resources" {
			continue // .tfquery.hcl files, run with the resource's example (checkListExample)
		}
		examples[filepath.Base(filepath.Dir(dir))+"/"+filepath.Base(dir)] = readExample(t, dir)
	}
	quickstart := readExample(t, filepath.Join("..", "..", "examples", "quickstart"))
	backends := startExampleBackends(t, append(slices.Collect(maps.Values(examples)), quickstart))
	c := accClient(t, s)
	for _, name := range slices.Sorted(maps.Keys(examples)) {
		t.Run(name, func(t *testing.T) {
			s, c := s, c
			if strings.Contains(name, "_role") || strings.Contains(name, "perses_user") {
				// Perses has roles, and logins, only with auth on; the bindings name the user alice.
				s = accServer(t, testbed.ServerOptions{Auth: true, Users: []testbed.ProvisionedUser{exampleUser}})
				c = accClient(t, s)
				t.Setenv(envUsername, s.AdminUsername)
				t.Setenv(envPassword, s.AdminPassword)
			}
			example, err := backends.rewrite(examples[name])
			if err != nil {
				t.Fatal(err)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: accProviders,
				Steps:                    onLoopback(c, example, exampleSteps(t, providerConfig(s)+example)),
			})
			if strings.HasPrefix(name, "resources/") {
				checkImportExamples(t, s, filepath.Join("..", "..", "examples", name), example)
			}
			backends.checkNoContact(t)
		})
	}
	t.Run("quickstart", func(t *testing.T) {
		t.Setenv(envURL, s.URL)
		example, err := backends.rewrite(quickstart)
		if err != nil {
			t.Fatal(err)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: accProviders,
			Steps:                    onLoopback(c, example, []resource.TestStep{{Config: example}}),
		})
		backends.checkNoContact(t)
	})
}

// exampleUser is the user the role binding examples bind.
var exampleUser = testbed.ProvisionedUser{Name: "alice", Password: "alice-password"}

// checkBlock finds a check block in an example.
var checkBlock = regexp.MustCompile(`(?m)^check\s+"`)

// onLoopback adds to every step that applies the checks that the example ran against loopback
// only: no datasource on the server names another host, and every check block passed (a failed
// one is only a warning to Terraform). Terraform plans to read a check block's data sources again
// in every plan ("config will be reloaded to verify a check block"), so after the apply of an
// example with one, the plan holds those reads and nothing else.
func onLoopback(c *client.Client, example string, steps []resource.TestStep) []resource.TestStep {
	checks := len(checkBlock.FindAllString(example, -1))
	for i := range steps {
		if steps[i].ExpectError != nil || steps[i].PlanOnly {
			continue
		}
		if steps[i].Check == nil {
			steps[i].Check = datasourcesOnLoopback(c)
		} else {
			steps[i].Check = resource.ComposeTestCheckFunc(steps[i].Check, datasourcesOnLoopback(c))
		}
		steps[i].ConfigStateChecks = append(steps[i].ConfigStateChecks, checkBlocksPassed{want: checks})
		if checks > 0 {
			steps[i].ExpectNonEmptyPlan = true
			steps[i].ConfigPlanChecks.PostApplyPreRefresh = append(steps[i].ConfigPlanChecks.PostApplyPreRefresh, onlyDataReads{})
			steps[i].ConfigPlanChecks.PostApplyPostRefresh = append(steps[i].ConfigPlanChecks.PostApplyPostRefresh, onlyDataReads{})
		}
	}
	return steps
}

// checkBlocksPassed fails unless the state after the apply holds want check block results and
// every one passed.
type checkBlocksPassed struct{ want int }

func (c checkBlocksPassed) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil {
		resp.Error = errors.New("no state to read the check results from")
		return
	}
	var got int
	for _, check := range req.State.Checks {
		if check.Address.Kind != tfjson.CheckKindCheckBlock {
			continue
		}
		got++
		if check.Status != tfjson.CheckStatusPass {
			var problems []string
			for _, instance := range check.Instances {
				for _, problem := range instance.Problems {
					problems = append(problems, problem.Message)
				}
			}
			resp.Error = fmt.Errorf("check %s: %s, want pass: %s", check.Address.ToDisplay, check.Status, strings.Join(problems, "; "))
			return
		}
	}
	if got != c.want {
		resp.Error = fmt.Errorf("%d check block results in the state, want %d", got, c.want)
	}
}

// onlyDataReads fails unless every planned change is a data source read.
type onlyDataReads struct{}

func (onlyDataReads) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		for _, action := range rc.Change.Actions {
			if action != tfjson.ActionNoop && (action != tfjson.ActionRead || rc.Mode != tfjson.DataResourceMode) {
				resp.Error = fmt.Errorf("%s: planned %s, want only the data source reads of check blocks", rc.Address, action)
				return
			}
		}
	}
}

// datasourcesOnLoopback fails if a datasource on the server has a proxy to a host outside
// loopback: Perses would contact it as soon as anything queried the datasource.
func datasourcesOnLoopback(c *client.Client) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx := context.Background()
		global, err := c.ListDatasources(ctx, "", client.DatasourceFilter{})
		if err != nil {
			return err
		}
		project, err := c.ListDatasourcesOfAllProjects(ctx, client.DatasourceFilter{})
		if err != nil {
			return err
		}
		for _, ds := range append(global, project...) {
			proxy, ok := plugins.ProxyOf(ds.Spec.Plugin.Spec)
			if !ok {
				continue
			}
			if u, err := url.Parse(proxy.URL); err != nil || !isLoopback(u.Hostname()) {
				return fmt.Errorf("datasource %q (project %q) has a proxy to %s: Perses would contact it; "+
					"point the example's URL at a backend of the test bed (see exampleBackends)", ds.Metadata.Name, ds.Metadata.Project, proxy.URL)
			}
		}
		return nil
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// exampleURL finds the scheme and authority of the URLs an example names, e.g.
// "http://prometheus.monitoring.svc:9090" in "http://prometheus.monitoring.svc:9090/api".
// Interpolated hosts ("http://${var.host}") stop the match: datasourcesOnLoopback catches those.
var exampleURL = regexp.MustCompile(`\bhttps?://[^\s"'/?#$\\]+`)

// Test values of the example Prometheus' basic auth user: the global secret example's user
// with the value exampleVariables gives its password variable, so that example's datasource
// queries Prometheus with its secret's credentials as it says.
const (
	examplePrometheusUser     = "perses"
	examplePrometheusPassword = "example-value-of-prometheus_password"
)

// exampleBackends are the loopback stand-ins of the hosts the examples name:
//   - a host whose name holds "prometheus" is the test bed's Prometheus, "clickhouse" its
//     ClickHouse. Both accept one user only; the examples without a secret read as if the
//     backend had no auth, so each is reached through a loopback reverse proxy that adds the
//     user's basic auth to the requests that carry no credentials of their own (those that do,
//     from a Perses secret, reach the backend as sent);
//   - any other host (Loki, Tempo, Jaeger, and direct_url hosts, which only browsers contact)
//     is a loopback listener of its own, which fails the test when anything connects to it:
//     add a backend to the test bed before an example queries one.
type exampleBackends struct {
	prometheus, clickhouse string // the reverse proxies' URLs, "" when no example needs them
	unserved               map[string]*contactCounter
}

func startExampleBackends(t *testing.T, examples []string) *exampleBackends {
	t.Helper()
	b := &exampleBackends{unserved: map[string]*contactCounter{}}
	for _, example := range examples {
		for _, found := range exampleURL.FindAllString(example, -1) {
			u, err := url.Parse(found)
			if err != nil {
				t.Fatalf("example URL %q: %v", found, err)
			}
			host := u.Hostname()
			switch {
			case isLoopback(host):
			case strings.Contains(host, "prometheus") && b.prometheus == "":
				p := testbed.StartTestPrometheus(t, testbed.PrometheusOptions{Username: examplePrometheusUser, Password: examplePrometheusPassword})
				b.prometheus = basicAuthFront(t, p.URL, p.Username, p.Password)
			case strings.Contains(host, "clickhouse") && b.clickhouse == "":
				ch := testbed.StartTestClickHouse(t, testbed.ClickHouseOptions{Username: backendUser, Password: backendPassword})
				b.clickhouse = basicAuthFront(t, ch.URL, ch.Username, ch.Password)
			case strings.Contains(host, "prometheus"), strings.Contains(host, "clickhouse"):
			case b.unserved[u.Host] == nil:
				b.unserved[u.Host] = listenForContacts(t)
			}
		}
	}
	return b
}

// rewrite points every URL of example at its loopback stand-in, keeping paths; it fails if a URL
// outside loopback is left.
func (b *exampleBackends) rewrite(example string) (string, error) {
	rewritten := exampleURL.ReplaceAllStringFunc(example, func(found string) string {
		u, err := url.Parse(found)
		if err != nil || isLoopback(u.Hostname()) {
			return found
		}
		switch host := u.Hostname(); {
		case strings.Contains(host, "prometheus") && b.prometheus != "":
			return b.prometheus
		case strings.Contains(host, "clickhouse") && b.clickhouse != "":
			return b.clickhouse
		case b.unserved[u.Host] != nil:
			return u.Scheme + "://" + b.unserved[u.Host].address
		}
		return found
	})
	for _, found := range exampleURL.FindAllString(rewritten, -1) {
		if u, err := url.Parse(found); err != nil || !isLoopback(u.Hostname()) {
			return "", fmt.Errorf("the example still names %s after its URLs were pointed at loopback", found)
		}
	}
	return rewritten, nil
}

// checkNoContact fails the test if anything connected to the stand-in of a host the test bed
// has no backend for, since the previous call.
func (b *exampleBackends) checkNoContact(t *testing.T) {
	t.Helper()
	for _, host := range slices.Sorted(maps.Keys(b.unserved)) {
		if n := b.unserved[host].connections.Swap(0); n > 0 {
			t.Errorf("%d connection(s) to the stand-in of %s (%s): the test bed has no backend for it; "+
				"add one before an example queries it", n, host, b.unserved[host].address)
		}
	}
}

// basicAuthFront is a loopback reverse proxy to target that adds username's basic auth to the
// requests that carry no Authorization header.
func basicAuthFront(t *testing.T, target, username, password string) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	front := httputil.NewSingleHostReverseProxy(u)
	forward := front.Director
	front.Director = func(r *http.Request) {
		forward(r)
		if r.Header.Get("Authorization") == "" {
			r.SetBasicAuth(username, password)
		}
	}
	server := httptest.NewServer(front) // 127.0.0.1
	t.Cleanup(server.Close)
	return server.URL
}

// contactCounter is a loopback listener that counts and closes the connections it accepts.
type contactCounter struct {
	address     string
	connections atomic.Int64
}

func listenForContacts(t *testing.T) *contactCounter {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	c := &contactCounter{address: l.Addr().String()}
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			c.connections.Add(1)
			_ = conn.Close()
		}
	}()
	return c
}

func readExample(t *testing.T, dir string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .tf file in %s: %v", dir, err)
	}
	var b strings.Builder
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "import-by-") {
			continue // the import examples (checkImportExamples): they import what the others create
		}
		content, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(content)
		b.WriteString("\n")
	}
	return b.String()
}
