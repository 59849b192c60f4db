package testbed

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The release platforms are HashiCorp's scaffolding matrix minus what this Go refuses, and
// .goreleaser.yml lists exactly them.
func TestReleasePlatforms(t *testing.T) {
	out, err := exec.Command("go", "tool", "dist", "list").Output()
	if err != nil {
		t.Fatal(err)
	}
	supported := strings.Fields(string(out))
	var want []string
	for _, goos := range []string{"darwin", "freebsd", "linux", "windows"} {
		for _, goarch := range []string{"386", "amd64", "arm", "arm64"} {
			if goos == "darwin" && goarch == "386" { // the scaffolding's only ignore
				continue
			}
			if slices.Contains(supported, goos+"/"+goarch) {
				want = append(want, goos+"_"+goarch)
			}
		}
	}
	if !slices.Equal(ReleasePlatforms, want) {
		t.Errorf("ReleasePlatforms = %v, want %v", ReleasePlatforms, want)
	}
	if slices.Contains(ReleasePlatforms, "windows_arm") {
		t.Error("windows_arm is a release platform, but Go 1.26 refuses it")
	}

	cfg, err := os.ReadFile(filepath.Join("..", "..", ".goreleaser.yml"))
	if err != nil {
		t.Fatal(err)
	}
	targets, err := ConfigTargets(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(targets, ReleasePlatforms) {
		t.Errorf(".goreleaser.yml targets %v, want ReleasePlatforms %v", targets, ReleasePlatforms)
	}
}

func TestDeriveConfig(t *testing.T) {
	cfg := []byte("version: 2\nbuilds:\n  - env: [CGO_ENABLED=0]\n    targets:\n      - darwin_arm64\n      - linux_amd64\n    binary: x\n")
	got, err := deriveConfig(cfg, []string{"linux_arm64"}, "/tmp/d ist")
	if err != nil {
		t.Fatal(err)
	}
	want := "version: 2\nbuilds:\n  - env: [CGO_ENABLED=0]\n    targets:\n      - linux_arm64\n    binary: x\n\ndist: \"/tmp/d ist\"\n"
	if string(got) != want {
		t.Errorf("derived config:\n%s\nwant:\n%s", got, want)
	}

	for name, tc := range map[string]struct{ cfg, want string }{
		"no targets list": {
			"version: 2\nbuilds:\n  - goos: [linux]\n",
			`testbed: .goreleaser.yml has no "targets:" line (one target per line below it)`,
		},
		"empty targets list": {
			"builds:\n  - env: []\n    targets:\n    binary: x\n",
			`testbed: .goreleaser.yml: no "-" items under "targets:"`,
		},
		"dist set": {
			"dist: out\nbuilds:\n  - env: []\n    targets:\n      - linux_amd64\n",
			"testbed: .goreleaser.yml sets dist: the test bed chooses the output folder",
		},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := deriveConfig([]byte(tc.cfg), []string{"linux_amd64"}, "/tmp/x")
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestChangelogVersion(t *testing.T) {
	for name, tc := range map[string]struct{ changelog, want, err string }{
		"unreleased": {changelog: "# Changelog\n\n## 0.2.0 (Unreleased)\n\n## 0.1.0 (March 3, 2027)\n", want: "0.2.0"},
		"released":   {changelog: "## 0.1.0 (March 3, 2027)\n\nFEATURES:\n", want: "0.1.0"},
		"not a version heading": {
			changelog: "# Changelog\n\n## Next\n",
			err:       `testbed: CHANGELOG.md line 3: "## Next" is not a version heading: write "## X.Y.Z (Unreleased)" or "## X.Y.Z (Month D, YYYY)"`,
		},
		"a v prefix": {
			changelog: "## v0.1.0 (Unreleased)\n",
			err:       `testbed: CHANGELOG.md line 1: "## v0.1.0 (Unreleased)" is not a version heading: write "## X.Y.Z (Unreleased)" or "## X.Y.Z (Month D, YYYY)"`,
		},
		"no heading": {
			changelog: "# Changelog\n",
			err:       `testbed: CHANGELOG.md has no version heading: start it with "## X.Y.Z (Unreleased)"`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := ChangelogVersion([]byte(tc.changelog))
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("ChangelogVersion = %q, %v; want %q", got, err, tc.want)
			}
		})
	}

	// The repository's own CHANGELOG.md gives the snapshot a version.
	data, err := os.ReadFile(filepath.Join("..", "..", "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ChangelogVersion(data); err != nil {
		t.Error(err)
	}
}

// fakeRelease writes what goreleaser would for version and platforms (tiny binaries) into a
// new folder, with the manifest of root (a folder holding terraform-registry-manifest.json).
func fakeRelease(t *testing.T, version string, platforms []string) (dir, root string) {
	t.Helper()
	dir, root = t.TempDir(), t.TempDir()
	manifest := []byte(`{"version": 1, "metadata": {"protocol_versions": ["6.0"]}}` + "\n")
	if err := os.WriteFile(filepath.Join(root, "terraform-registry-manifest.json"), manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	prefix := ProjectName + "_" + version + "_"
	files := map[string][]byte{prefix + "manifest.json": manifest}
	for _, p := range platforms {
		binary := ProjectName + "_v" + version
		if strings.HasPrefix(p, "windows_") {
			binary += ".exe"
		}
		files[prefix+p+".zip"] = zipOf(t, map[string]string{binary: "#!/bin/sh\n", "LICENSE": "Apache"})
	}
	var sums strings.Builder
	var names []string
	for name, data := range files {
		names = append(names, name)
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		sum := sha256.Sum256(files[name])
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(sum[:]), name)
	}
	if err := os.WriteFile(filepath.Join(dir, prefix+"SHA256SUMS"), []byte(sums.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, root
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, content := range files {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		h.SetMode(0o755)
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Check accepts a well-formed unsigned release and names each problem of a broken one.
func TestReleaseCheck(t *testing.T) {
	platforms := []string{"linux_amd64", "windows_amd64"}
	const v = "0.1.0"
	prefix := ProjectName + "_" + v + "_"

	dir, root := fakeRelease(t, v, platforms)
	r, err := OpenRelease(dir, v)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Check(root, platforms, nil); err != nil {
		t.Fatalf("a good release: %v", err)
	}
	if got := len(r.Files()); got != 4 {
		t.Errorf("Files() = %d files, want 4 (2 zips, SHA256SUMS, manifest)", got)
	}

	for name, tc := range map[string]struct {
		breakIt func(dir string)
		want    string
	}{
		"a zip changed after the checksums": {
			breakIt: func(dir string) {
				writeFile(t, filepath.Join(dir, prefix+"linux_amd64.zip"), zipOf(t, map[string]string{ProjectName + "_v" + v: "other"}), 0o644)
			},
			want: prefix + "linux_amd64.zip has sha256 ",
		},
		"a platform missing": {
			breakIt: func(dir string) { _ = os.Remove(filepath.Join(dir, prefix+"windows_amd64.zip")) },
			want:    "zips for linux_amd64, want linux_amd64 windows_amd64",
		},
		"a checksum line for a file that is not there": {
			breakIt: func(dir string) {
				appendFile(t, filepath.Join(dir, prefix+"SHA256SUMS"), strings.Repeat("0", 64)+"  "+prefix+"plan9_amd64.zip\n")
			},
			want: prefix + "SHA256SUMS lists " + prefix + "plan9_amd64.zip, which the release does not have",
		},
		"a zip without the binary": {
			breakIt: func(dir string) { rezip(t, dir, prefix+"linux_amd64.zip", map[string]string{"README.md": "x"}) },
			want:    prefix + "linux_amd64.zip holds README.md, not " + ProjectName + "_v" + v,
		},
		"a manifest that is not the repository's": {
			breakIt: func(dir string) { rewriteListed(t, dir, prefix+"manifest.json", `{"version": 1}`) },
			want:    prefix + "manifest.json is not terraform-registry-manifest.json",
		},
		"a signature without a key": {
			breakIt: func(dir string) { writeFile(t, filepath.Join(dir, prefix+"SHA256SUMS.sig"), []byte("sig"), 0o644) },
			want:    prefix + "SHA256SUMS is signed, but no key was configured",
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir, root := fakeRelease(t, v, platforms)
			tc.breakIt(dir)
			r, err := OpenRelease(dir, v)
			if err != nil {
				t.Fatal(err)
			}
			err = r.Check(root, platforms, nil)
			if err == nil || !strings.Contains(err.Error(), "\n  "+tc.want) {
				t.Errorf("error %v, want a line %q", err, tc.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "testbed: release 0.1.0 in "+dir+" is not what the registry expects:\n") {
				t.Errorf("error %q does not start by naming the release", err)
			}
		})
	}
}

func appendFile(t *testing.T, path, content string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, []byte(string(data)+content), 0o644)
}

// rezip replaces a zip and its checksum line, so that only its content is wrong.
func rezip(t *testing.T, dir, name string, files map[string]string) {
	t.Helper()
	rewriteListed(t, dir, name, string(zipOf(t, files)))
}

// rewriteListed replaces a file and its checksum line.
func rewriteListed(t *testing.T, dir, name, content string) {
	t.Helper()
	sumsPath, err := filepath.Glob(filepath.Join(dir, "*_SHA256SUMS"))
	if err != nil || len(sumsPath) != 1 {
		t.Fatalf("SHA256SUMS: %v %v", sumsPath, err)
	}
	sums, err := os.ReadFile(sumsPath[0])
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		if strings.HasSuffix(l, "  "+name) {
			sum := sha256.Sum256([]byte(content))
			l = hex.EncodeToString(sum[:]) + "  " + name
		}
		lines = append(lines, l)
	}
	writeFile(t, sumsPath[0], []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	writeFile(t, filepath.Join(dir, name), []byte(content), 0o644)
}
