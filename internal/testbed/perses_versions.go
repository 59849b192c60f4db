package testbed

import (
	"fmt"
	"strings"

	"golang.org/x/mod/semver"
)

// OlderPersesVersions are the Perses versions before PersesVersion that the provider supports and
// that make testacc-versions runs a compatibility subset of the acceptance suite against. Each
// is built on first use (about 5 minutes on 2 cores), into the cache keyed by version.
//
// v0.51.0 is outside the range (see client.MinPersesVersion: it cannot proxy a request to a
// datasource's root path, which ClickHouse queries use), but the test bed starts it: the provider's
// refusal is tested against it. v0.50.0 (the module proxy serves it too) has no plugin modules
// (`schemas:` folders instead), no GET /api/v1/plugins, and secrets without `oauth` or
// `tlsConfig.minVersion`/`maxVersion`: the test bed does not start it.
var OlderPersesVersions = []string{"v0.52.0", "v0.53.0"}

// UnsupportedPersesVersion is the newest Perses the provider refuses, which the test bed starts
// for the acceptance test of that refusal.
const UnsupportedPersesVersion = "v0.51.0"

// persesRelease is what differs, for the test bed, between the supported Perses versions.
type persesRelease struct {
	version string
	// cueVersion is the cuelang.org/go version the server is built with (its go.mod): a plugin
	// module whose cue.mod/module.cue declares a newer language version fails to load.
	cueVersion string
	// archivePaths: plugin.archive_paths (a list, v0.53.0 and later); before, plugin.archive_path
	// (a string), and the server refuses the unknown field archive_paths.
	archivePaths bool
	// nativeAuthorization: security.authorization.provider.native (v0.53.0 and later); before,
	// the same settings directly under security.authorization.
	nativeAuthorization bool
}

var persesReleases = []persesRelease{
	{version: "v0.51.0", cueVersion: "v0.13.0"},
	{version: "v0.52.0", cueVersion: "v0.14.1"},
	{version: "v0.53.0", cueVersion: "v0.15.4", archivePaths: true, nativeAuthorization: true},
	{version: PersesVersion, cueVersion: "v0.16.1", archivePaths: true, nativeAuthorization: true},
}

// SupportedPersesVersions lists every Perses version the test bed can start, oldest first.
func SupportedPersesVersions() []string {
	out := make([]string, 0, len(persesReleases))
	for _, r := range persesReleases {
		out = append(out, r.version)
	}
	return out
}

// persesReleaseOf returns the release of version ("" = PersesVersion), or an error naming the
// versions the test bed can start.
func persesReleaseOf(version string) (persesRelease, error) {
	if version == "" {
		version = PersesVersion
	}
	for _, r := range persesReleases {
		if r.version == version {
			return r, nil
		}
	}
	return persesRelease{}, fmt.Errorf("testbed: Perses %s is not one the test bed can start (supported: %s; v0.50.0 and older have no plugin modules)",
		version, strings.Join(SupportedPersesVersions(), ", "))
}

// pluginCUELanguage is the CUE language version written into the plugin modules' cue.mod/module.cue
// for this server: the test bed's own (embedded) version, lowered to the server's CUE version when
// that is older.
func (r persesRelease) pluginCUELanguage(embedded string) string {
	if semver.Compare(embedded, r.cueVersion) > 0 {
		return r.cueVersion
	}
	return embedded
}
