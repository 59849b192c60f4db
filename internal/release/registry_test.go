package release

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// registry serves a release over the provider registry protocol
// (https://developer.hashicorp.com/terraform/internals/provider-registry-protocol), as
// registry.terraform.io and registry.opentofu.org serve theirs: the versions list, a download
// answer per platform naming the zip, SHA256SUMS, its signature and the public key to check it
// with, then the files themselves. A CLI reaches it through a `host` block of its CLI
// configuration, which replaces the registry host's service discovery.
type registry struct {
	release   *testbed.Release
	publicKey string // ASCII armor, served in signing_keys
	keyID     string
	protocols []string
	server    *httptest.Server
}

func newRegistry(t *testing.T, r *testbed.Release, publicKey, keyID string) *registry {
	t.Helper()
	var manifest struct {
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	data, err := os.ReadFile(r.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &manifest); err != nil || len(manifest.Metadata.ProtocolVersions) == 0 {
		t.Fatalf("%s: no protocol_versions (%v): %s", r.Manifest, err, data)
	}
	reg := &registry{release: r, publicKey: publicKey, keyID: keyID, protocols: manifest.Metadata.ProtocolVersions}
	reg.server = httptest.NewServer(reg)
	t.Cleanup(reg.server.Close)
	return reg
}

// providersURL is the "providers.v1" service URL.
func (reg *registry) providersURL() string { return reg.server.URL + "/v1/providers/" }

func (reg *registry) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	const base = "/v1/providers/perses/perses/"
	path := req.URL.Path
	switch {
	case path == base+"versions":
		var platforms []map[string]string
		for _, p := range reg.platforms() {
			osName, arch, _ := strings.Cut(p, "_")
			platforms = append(platforms, map[string]string{"os": osName, "arch": arch})
		}
		writeJSON(w, map[string]any{"versions": []any{map[string]any{
			"version": reg.release.Version, "protocols": reg.protocols, "platforms": platforms,
		}}})
	case strings.HasPrefix(path, base+reg.release.Version+"/download/"):
		osName, arch, _ := strings.Cut(strings.TrimPrefix(path, base+reg.release.Version+"/download/"), "/")
		zipPath, ok := reg.release.Zips[osName+"_"+arch]
		if !ok {
			http.NotFound(w, req)
			return
		}
		sum, err := sha256Of(reg.release.SHA256SUMS, filepath.Base(zipPath))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, map[string]any{
			"protocols":             reg.protocols,
			"os":                    osName,
			"arch":                  arch,
			"filename":              filepath.Base(zipPath),
			"download_url":          reg.server.URL + "/files/" + filepath.Base(zipPath),
			"shasums_url":           reg.server.URL + "/files/" + filepath.Base(reg.release.SHA256SUMS),
			"shasums_signature_url": reg.server.URL + "/files/" + filepath.Base(reg.release.Signature),
			"shasum":                sum,
			"signing_keys": map[string]any{"gpg_public_keys": []any{map[string]string{
				"key_id": reg.keyID, "ascii_armor": reg.publicKey,
			}}},
		})
	case strings.HasPrefix(path, "/files/"):
		name := strings.TrimPrefix(path, "/files/")
		for _, f := range reg.release.Files() {
			if filepath.Base(f) == name {
				http.ServeFile(w, req, f)
				return
			}
		}
		http.NotFound(w, req)
	default:
		http.NotFound(w, req)
	}
}

func (reg *registry) platforms() []string {
	var ps []string
	for p := range reg.release.Zips {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// sha256Of returns the checksum SHA256SUMS lists for name.
func sha256Of(sums, name string) (string, error) {
	data, err := os.ReadFile(sums)
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if sum, file, ok := strings.Cut(line, "  "); ok && file == name {
			return sum, nil
		}
	}
	return "", fmt.Errorf("%s does not list %s", sums, name)
}

// cliConfig is a CLI configuration of the test's own that installs perses/perses from reg the
// way the CLI would from its public registry: no dev_overrides, no local mirror, no cache.
func (reg *registry) cliConfig(t *testing.T, dir, host string) string {
	t.Helper()
	path := filepath.Join(dir, "cli.tfrc")
	content := fmt.Sprintf(`# Service discovery of %[1]s answered by the test's registry on loopback.
host %[1]q {
  services = {
    "providers.v1" = %[2]q
  }
}

provider_installation {
  direct {}
}
`, host, reg.providersURL())
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
