package release

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// The constraint a user writes once 0.1.0 is out; the snapshot carries the next release's version
// (CHANGELOG.md), so the CLIs select it exactly as they will select the release.
const versionConstraint = "~> 0.1"

// TestReleaseInstall builds a signed snapshot of this platform with goreleaser and, on every CLI
// of the test bed, installs it with `init` from a registry served on loopback (no dev_overrides),
// checks the lock file and `version -json`, applies examples/quickstart to a real Perses and
// checks what the server holds and the User-Agent it saw, then destroys it all. A registry
// serving another key than the one that signed the checksums must make `init` fail. The same zip
// also installs from a filesystem_mirror (what an air-gapped team does).
func TestReleaseInstall(t *testing.T) {
	root := repoRoot(t)
	clis := testbedCLIs(t)

	key, err := testbed.NewThrowawayKey(t.Context(), os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = key.Close() })
	r, err := testbed.Snapshot(t.Context(), testbed.SnapshotOptions{
		Root: root, Dist: filepath.Join(t.TempDir(), "dist"),
		Platforms: []string{testbed.HostPlatform()}, Key: key, Out: os.Stderr,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Files() {
		info, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%10d  %s", info.Size(), filepath.Base(f))
	}
	reg := newRegistry(t, r, key.PublicKey, key.KeyID())

	for _, c := range clis {
		t.Run(c.name, func(t *testing.T) { installAndApply(t, root, c, r, reg, key.KeyID()) })
		t.Run(c.name+"/from_a_filesystem_mirror", func(t *testing.T) { installFromMirror(t, root, c, r) })
	}

	// The CLIs really check the signature: the same files with another key's public half fail.
	other, err := testbed.NewThrowawayKey(t.Context(), os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = other.Close() })
	wrongKey := newRegistry(t, r, other.PublicKey, other.KeyID())
	for _, c := range clis {
		t.Run(c.name+"/refuses_checksums_signed_by_another_key", func(t *testing.T) {
			dir := quickstartCopy(t, root)
			env := installEnv(wrongKey.cliConfig(t, dir, c.registry), "http://127.0.0.1:1")
			out, code := run(t, 2*time.Minute, dir, env, c.path, "init", "-input=false", "-no-color")
			if code == 0 {
				t.Fatalf("init accepted checksums signed by %s while the registry names %s:\n%s", key.Fingerprint, other.Fingerprint, out)
			}
			// The CLIs wrap their messages at 80 columns.
			if want := "authentication signature from unknown issuer"; !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
				t.Errorf("init output does not say %q:\n%s", want, out)
			}
		})
	}
}

func installAndApply(t *testing.T, root string, c cli, r *testbed.Release, reg *registry, keyID string) {
	dir := quickstartCopy(t, root)
	perses := testbed.StartTestServer(t, testbed.ServerOptions{})
	agents := newAgentRecorder(t, perses.URL)
	env := installEnv(reg.cliConfig(t, dir, c.registry), agents.server.URL)

	out := mustRun(t, 3*time.Minute, dir, env, c.path, "init", "-input=false", "-no-color")
	if want := fmt.Sprintf("perses/perses v%s", r.Version); !strings.Contains(out, "Installed "+want) {
		t.Errorf("init did not install %s:\n%s", want, out)
	}
	if want := "key ID " + keyID; !strings.Contains(out, want) {
		t.Errorf("init does not report the signature (%q):\n%s", want, out)
	}
	lock, err := os.ReadFile(filepath.Join(dir, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf(".terraform.lock.hcl written by %s:\n%s", c.name, lock)
	checkLockFile(t, string(lock), c.registry, r)

	var version struct {
		TerraformVersion   string            `json:"terraform_version"`
		ProviderSelections map[string]string `json:"provider_selections"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, time.Minute, dir, env, c.path, "version", "-json")), &version); err != nil {
		t.Fatalf("version -json: %v", err)
	}
	address := c.registry + "/perses/perses"
	if got := version.ProviderSelections[address]; got != r.Version {
		t.Errorf("version -json (%s %s): provider_selections[%q] = %q, want %q", c.name, version.TerraformVersion, address, got, r.Version)
	}

	mustRun(t, 5*time.Minute, dir, env, c.path, "apply", "-auto-approve", "-input=false", "-no-color")
	checkQuickstartOnServer(t, perses.URL)
	agents.check(t, "terraform-provider-perses/"+r.Version+" ")

	if out, code := run(t, 3*time.Minute, dir, env, c.path, "plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Errorf("plan after apply: exit %d, want 0 (no changes):\n%s", code, out)
	}
	mustRun(t, 5*time.Minute, dir, env, c.path, "destroy", "-auto-approve", "-input=false", "-no-color")
	for _, path := range []string{"globaldatasources/prometheus", "projects/checkout"} {
		if code := getJSON(t, perses.URL, path, nil); code != http.StatusNotFound {
			t.Errorf("after destroy, GET %s: %d, want 404", path, code)
		}
	}
}

// installFromMirror installs the zip the way an air-gapped team does: the snapshot's zip in the
// packed layout of a filesystem_mirror (<host>/perses/perses/<zip>), nothing else allowed. Nothing
// is signed there, so the lock file holds the h1: hash of what was installed only.
func installFromMirror(t *testing.T, root string, c cli, r *testbed.Release) {
	dir := quickstartCopy(t, root)
	mirror := filepath.Join(t.TempDir(), "mirror")
	zipPath := r.Zips[testbed.HostPlatform()]
	into := filepath.Join(mirror, c.registry, "perses", "perses")
	if err := os.MkdirAll(into, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(zipPath, filepath.Join(into, filepath.Base(zipPath))); err != nil {
		t.Fatal(err)
	}
	cliConfig := filepath.Join(dir, "cli.tfrc")
	content := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [\"%s/perses/perses\"]\n  }\n}\n", mirror, c.registry)
	if err := os.WriteFile(cliConfig, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	env := installEnv(cliConfig, "http://127.0.0.1:1")
	out := mustRun(t, 3*time.Minute, dir, env, c.path, "init", "-input=false", "-no-color")
	if want := fmt.Sprintf("Installed perses/perses v%s (unauthenticated)", r.Version); !strings.Contains(out, want) {
		t.Errorf("init output lacks %q:\n%s", want, out)
	}
	lock, err := os.ReadFile(filepath.Join(dir, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	hashes := lockHash.FindAllStringSubmatch(string(lock), -1)
	if want := hash1OfZip(t, zipPath); len(hashes) != 1 || hashes[0][1] != want {
		t.Errorf("lock file from the mirror: hashes %v, want only %s:\n%s", hashes, want, lock)
	}
	if !strings.Contains(string(lock), `version     = "`+r.Version+`"`) {
		t.Errorf("lock file from the mirror does not record version %s:\n%s", r.Version, lock)
	}
	// The provider installed from the mirror starts and serves its schema.
	mustRun(t, 2*time.Minute, dir, env, c.path, "validate", "-no-color")
}

// installEnv is the environment of a CLI that installs from cliConfig and whose provider talks
// to persesURL.
func installEnv(cliConfig, persesURL string) []string {
	return cleanEnv(
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"PERSES_URL="+persesURL,
		// OpenTofu may skip the signature check of a registry that serves no key: not here.
		"OPENTOFU_ENFORCE_GPG_VALIDATION=true",
	)
}

// quickstartCopy copies examples/quickstart into a new folder, with the version constraint a
// user of the registry writes.
func quickstartCopy(t *testing.T, root string) string {
	t.Helper()
	dir := t.TempDir()
	files, err := filepath.Glob(filepath.Join(root, "examples", "quickstart", "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples/quickstart/*.tf (%v)", err)
	}
	const source = `      source = "perses/perses"` + "\n"
	found := false
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		if strings.Count(text, source) == 1 {
			text = strings.Replace(text, source, source+`      version = "`+versionConstraint+`"`+"\n", 1)
			found = true
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !found {
		t.Fatalf("examples/quickstart has no line %q in its required_providers to add the version to", strings.TrimSpace(source))
	}
	return dir
}

var (
	lockBlock = regexp.MustCompile(`(?s)provider "([^"]+)" \{\n(.*?)\n\}`)
	lockAttr  = regexp.MustCompile(`(?m)^\s+(version|constraints)\s+= "([^"]*)"$`)
	lockHash  = regexp.MustCompile(`"((?:h1|zh):[^"]+)"`)
)

// checkLockFile checks that the lock file records the release: its version, the constraint,
// the h1: hash of the package installed here and, since the checksums were signed, the zh:
// hashes of SHA256SUMS (those of the other platforms' zips, which a later init elsewhere checks).
func checkLockFile(t *testing.T, lock, host string, r *testbed.Release) {
	t.Helper()
	blocks := lockBlock.FindAllStringSubmatch(lock, -1)
	if len(blocks) != 1 || blocks[0][1] != host+"/perses/perses" {
		t.Fatalf("lock file: want one provider block for %s/perses/perses:\n%s", host, lock)
	}
	attrs := map[string]string{}
	for _, m := range lockAttr.FindAllStringSubmatch(blocks[0][2], -1) {
		attrs[m[1]] = m[2]
	}
	if attrs["version"] != r.Version || attrs["constraints"] != versionConstraint {
		t.Errorf("lock file: version %q, constraints %q; want %q and %q", attrs["version"], attrs["constraints"], r.Version, versionConstraint)
	}
	var h1, zh []string
	for _, m := range lockHash.FindAllStringSubmatch(blocks[0][2], -1) {
		if strings.HasPrefix(m[1], "h1:") {
			h1 = append(h1, m[1])
		} else {
			zh = append(zh, strings.TrimPrefix(m[1], "zh:"))
		}
	}
	// h1: is Go's dirhash of the files in the package (what Terraform unpacked and runs).
	zipPath := r.Zips[testbed.HostPlatform()]
	if want := hash1OfZip(t, zipPath); len(h1) != 1 || h1[0] != want {
		t.Errorf("lock file: h1: hashes %v, want [%s] (the content of %s)", h1, want, filepath.Base(zipPath))
	}
	// zh: are the signed SHA256SUMS lines, all of them: every zip and the manifest.
	sums, err := os.ReadFile(r.SHA256SUMS)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		sum, _, _ := strings.Cut(line, "  ")
		want = append(want, sum)
	}
	sort.Strings(want)
	sort.Strings(zh)
	if strings.Join(zh, " ") != strings.Join(want, " ") {
		t.Errorf("lock file: zh: hashes %v, want those of SHA256SUMS %v", zh, want)
	}
}

// hash1OfZip is the "h1:" hash of a zip's files (golang.org/x/mod/sumdb/dirhash.Hash1): the
// SHA-256 of the lines "<sha256 hex>  <name>" of the files sorted by name.
func hash1OfZip(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close() //nolint:errcheck // read-only
	files := slices.Clone(zr.File)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	var lines []string
	for _, f := range files {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		_, err = io.Copy(h, rc)
		_ = rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("%x  %s\n", h.Sum(nil), f.Name))
	}
	sum := sha256.Sum256([]byte(strings.Join(lines, "")))
	return "h1:" + base64.StdEncoding.EncodeToString(sum[:])
}

// agentRecorder is a reverse proxy to Perses that records the User-Agent of every request.
type agentRecorder struct {
	server *httptest.Server
	mu     sync.Mutex
	agents map[string]int
}

func newAgentRecorder(t *testing.T, target string) *agentRecorder {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	a := &agentRecorder{agents: map[string]int{}}
	proxy := httputil.NewSingleHostReverseProxy(u)
	a.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		a.mu.Lock()
		a.agents[req.UserAgent()]++
		a.mu.Unlock()
		proxy.ServeHTTP(w, req)
	}))
	t.Cleanup(a.server.Close)
	return a
}

// check fails unless requests were seen and every one had a User-Agent starting with prefix.
func (a *agentRecorder) check(t *testing.T, prefix string) {
	t.Helper()
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.agents) == 0 {
		t.Fatal("the provider sent no request to Perses")
	}
	for agent, n := range a.agents {
		if !strings.HasPrefix(agent, prefix) {
			t.Errorf("%d request(s) with User-Agent %q, want %q...", n, agent, prefix)
		} else {
			t.Logf("%d request(s) with User-Agent %q", n, agent)
		}
	}
}
