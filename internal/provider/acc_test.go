package provider

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// Acceptance tests (TestAcc*) run real Terraform or OpenTofu (TF_ACC_TERRAFORM_PATH, set by
// `make testacc`) against real Perses servers started from the test bed. Servers are shared by
// the tests of this package, one per option set, and stopped when the package's tests end.

var accProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"perses": providerserver.NewProtocol6WithError(New("test")()),
}

var accServers = struct {
	sync.Mutex
	byKey map[string]*testbed.Server
}{byKey: map[string]*testbed.Server{}}

func TestMain(m *testing.M) {
	code := m.Run()
	accServers.Lock()
	for _, s := range accServers.byKey {
		if err := s.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "stopping Perses at %s: %v\n", s.URL, err)
		}
	}
	accServers.Unlock()
	os.Exit(code)
}

// accServer returns the shared Perses server for opts, starting it on first use. A failing test
// prints where the server log is.
func accServer(t *testing.T, opts testbed.ServerOptions) *testbed.Server {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc does)")
	}
	opts = withAccDatabase(opts)
	key := fmt.Sprintf("auth=%v case_sensitive=%v ttl=%s database=%s version=%s sign_up_disabled=%v",
		opts.Auth, opts.CaseSensitive, opts.AccessTokenTTL, opts.Database, opts.Version, opts.DisableSignUp)
	for _, u := range opts.Users {
		key += " user=" + u.Name // a server per set of provisioned users (tests name theirs uniquely)
	}
	accServers.Lock()
	defer accServers.Unlock()
	s, ok := accServers.byKey[key]
	if !ok {
		opts.Out = os.Stderr
		var err error
		s, err = testbed.StartServer(context.Background(), opts)
		if err != nil {
			t.Fatalf("starting Perses (%s): %v", key, err)
		}
		accServers.byKey[key] = s
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("Perses (%s) at %s, log: %s\n%s", key, s.URL, s.LogPath, s.LogTail(30))
		}
	})
	return s
}

// withAccDatabase applies PERSES_ACC_DATABASE (make testacc-mariadb: the suite on database.sql)
// to options that name no database, and PERSES_ACC_VERSION (make testacc-versions: a
// compatibility subset on each older supported Perses) to options that name no version.
func withAccDatabase(opts testbed.ServerOptions) testbed.ServerOptions {
	if opts.Database == "" && opts.ShareDatabaseWith == nil {
		opts.Database = os.Getenv("PERSES_ACC_DATABASE")
	}
	if opts.Version == "" {
		opts.Version = accPersesVersion()
	}
	return opts
}

// accPersesVersion is the Perses version of the run: PERSES_ACC_VERSION, else testbed.PersesVersion.
func accPersesVersion() string {
	if v := os.Getenv("PERSES_ACC_VERSION"); v != "" {
		return v
	}
	return testbed.PersesVersion
}

// accFreshServer starts a server of the test's own (see testbed.StartTestServer) on the database
// of the run.
func accFreshServer(t *testing.T, opts testbed.ServerOptions) *testbed.Server {
	t.Helper()
	return testbed.StartTestServer(t, withAccDatabase(opts))
}

// accSpellingsApartServer starts a fresh server in a case mode whose case_sensitive: true keeps
// "Prom" and "prom" apart, as the tests of case variants (regressions, the walk's model) expect:
// the file database. On MariaDB's default collation the two collide (see
// TestAccDatasourceNameCollidingByCaseFailsAtPlan), so there only case_sensitive false follows
// PERSES_ACC_DATABASE.
func accSpellingsApartServer(t *testing.T, caseSensitive bool) *testbed.Server {
	t.Helper()
	opts := testbed.ServerOptions{CaseSensitive: caseSensitive}
	if caseSensitive {
		opts.Database = testbed.DatabaseFile
	}
	return accFreshServer(t, opts)
}

func accServerAuthOff(t *testing.T) *testbed.Server {
	return accServer(t, testbed.ServerOptions{})
}

// requiredProviders names the provider as users do; `make testacc` sets
// TF_ACC_PROVIDER_NAMESPACE=perses so that the test provider answers to that address on both CLIs.
const requiredProviders = `terraform {
  required_providers {
    perses = { source = "perses/perses" }
  }
}
`

// providerConfig is a provider block for s; extra lines go inside the block.
func providerConfig(s *testbed.Server, extra ...string) string {
	return requiredProviders + fmt.Sprintf("provider \"perses\" {\n  url = %q\n%s}\n", s.URL, indent(extra))
}

func indent(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}

// accName returns a unique Perses name for a test object.
func accName(prefix string) string {
	return acctest.RandomWithPrefix("tf-" + prefix)
}
