package testbed

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// Each supported Perses reads its own form of the configuration and of the plugin modules:
// archive_path before v0.53.0, and no CUE language newer than the server's.
func TestConfigAndPluginsFollowTheVersion(t *testing.T) {
	for _, tc := range []struct {
		version      string
		pluginKeys   []string
		cueLanguage  string
		archiveValue any
	}{
		{"v0.51.0", []string{"archive_path", "path"}, "v0.13.0", "ARCHIVES"},
		{"v0.52.0", []string{"archive_path", "path"}, "v0.13.2", "ARCHIVES"},
		{"v0.53.0", []string{"archive_paths", "path"}, "v0.13.2", []any{"ARCHIVES"}},
		{"v0.54.0", []string{"archive_paths", "path"}, "v0.13.2", []any{"ARCHIVES"}},
	} {
		t.Run(tc.version, func(t *testing.T) {
			r, err := persesReleaseOf(tc.version)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			p := serverPaths{config: filepath.Join(dir, "config.yaml"), data: filepath.Join(dir, "data"),
				plugins: filepath.Join(dir, "plugins"), archives: "ARCHIVES"}
			if err := writeServerConfig(ServerOptions{}, r, nil, p); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(p.config)
			if err != nil {
				t.Fatal(err)
			}
			var cfg struct {
				Plugin map[string]any `json:"plugin"`
			}
			if err := json.Unmarshal(data, &cfg); err != nil {
				t.Fatal(err)
			}
			var keys []string
			for k := range cfg.Plugin {
				keys = append(keys, k)
			}
			if strings.Join(slices.Sorted(slices.Values(keys)), ",") != strings.Join(tc.pluginKeys, ",") {
				t.Errorf("plugin keys %v, want %v", keys, tc.pluginKeys)
			}
			if got := cfg.Plugin[tc.pluginKeys[0]]; !reflect.DeepEqual(got, tc.archiveValue) {
				t.Errorf("%s = %#v, want %#v", tc.pluginKeys[0], got, tc.archiveValue)
			}

			if err := writePlugins(p.plugins, r); err != nil {
				t.Fatal(err)
			}
			modules, _ := filepath.Glob(filepath.Join(p.plugins, "*", "cue.mod", "module.cue"))
			if len(modules) != 8 {
				t.Fatalf("%d plugin modules, want 8", len(modules))
			}
			for _, m := range modules {
				data, _ := os.ReadFile(m)
				if got := moduleLanguage.FindSubmatch(data); got == nil || string(got[2]) != tc.cueLanguage {
					t.Errorf("%s declares %q, want language %s", m, got, tc.cueLanguage)
				}
			}
		})
	}
}

func TestStartServerRefusesVersionsOutsideTheRange(t *testing.T) {
	_, err := StartServer(t.Context(), ServerOptions{Version: "v0.50.0", Dir: "/tmp/perses-testbed-refused-version"})
	want := "testbed: Perses v0.50.0 is not one the test bed can start (supported: v0.51.0, v0.52.0, v0.53.0, v0.54.0; v0.50.0 and older have no plugin modules)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
	if _, err := os.Stat("/tmp/perses-testbed-refused-version"); err == nil {
		t.Error("the server directory was made for a refused version")
		_ = os.RemoveAll("/tmp/perses-testbed-refused-version")
	}
}

// TestPermissionRefreshConfigPerVersion: the permission reload interval goes where each release
// reads it (the server decodes its configuration strictly: a key in the wrong place fails the
// start).
func TestPermissionRefreshConfigPerVersion(t *testing.T) {
	for version, want := range map[string]string{
		"v0.52.0": `{"check_latest_update_interval":"2s"}`,
		"v0.53.0": `{"provider":{"native":{"check_latest_update_interval":"2s"}}}`,
		"v0.54.0": `{"provider":{"native":{"check_latest_update_interval":"2s"}}}`,
	} {
		r, err := persesReleaseOf(version)
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(authorizationConfigFor(r, ServerOptions{Auth: true, PermissionRefresh: 2 * time.Second}))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s: security.authorization = %s, want %s", version, got, want)
		}
	}
	if cfg := authorizationConfigFor(persesReleases[len(persesReleases)-1], ServerOptions{Auth: true}); cfg != nil {
		t.Errorf("without PermissionRefresh: security.authorization = %+v, want none", cfg)
	}
}
