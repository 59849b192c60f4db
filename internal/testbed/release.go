package testbed

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The release archives (make release-snapshot, and the install test of internal/release) are
// built by goreleaser from .goreleaser.yml, the way a tagged release will be.

// ProjectName is the name every release file starts with.
const ProjectName = "terraform-provider-perses"

// ReleasePlatforms are the os_arch pairs of a release: those of HashiCorp's scaffolding minus
// windows_arm, which Go 1.26 refuses. .goreleaser.yml lists the same (TestReleaseConfigTargets).
var ReleasePlatforms = []string{
	"darwin_amd64", "darwin_arm64",
	"freebsd_386", "freebsd_amd64", "freebsd_arm", "freebsd_arm64",
	"linux_386", "linux_amd64", "linux_arm", "linux_arm64",
	"windows_386", "windows_amd64", "windows_arm64",
}

// HostPlatform is this machine's os_arch.
func HostPlatform() string { return runtime.GOOS + "_" + runtime.GOARCH }

// SnapshotOptions configures Snapshot.
type SnapshotOptions struct {
	// Root is the repository root (where .goreleaser.yml is).
	Root string
	// Dist is the output directory, emptied first. "" is <Root>/dist.
	Dist string
	// Platforms restricts the build to these os_arch pairs (each one of ReleasePlatforms).
	// nil builds every release platform.
	Platforms []string
	// Version of the snapshot. "" is the newest version of CHANGELOG.md (ChangelogVersion).
	Version string
	// Key signs the checksums. nil builds an unsigned release (goreleaser --skip=sign).
	Key *SigningKey
	// Out receives progress: goreleaser's own lines, prefixed. nil discards them.
	Out io.Writer
}

// Release is what a snapshot produced.
type Release struct {
	Version    string
	Dir        string
	Zips       map[string]string // os_arch -> path
	SHA256SUMS string
	Signature  string // "" when unsigned
	Manifest   string
	Took       time.Duration
}

// Snapshot runs `goreleaser release --snapshot` (building goreleaser on first use) and returns
// the release it produced, checked with Check.
func Snapshot(ctx context.Context, opts SnapshotOptions) (*Release, error) {
	w := opts.Out
	if w == nil {
		w = io.Discard
	}
	root := absPath(opts.Root)
	dist := opts.Dist
	if dist == "" {
		dist = filepath.Join(root, "dist")
	}
	dist = absPath(dist)
	platforms := opts.Platforms
	if platforms == nil {
		platforms = ReleasePlatforms
	}
	for _, p := range platforms {
		if !slices.Contains(ReleasePlatforms, p) {
			return nil, fmt.Errorf("testbed: %q is not a release platform (want one of %s)", p, strings.Join(ReleasePlatforms, ", "))
		}
	}
	version := opts.Version
	if version == "" {
		changelog, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
		if err != nil {
			return nil, fmt.Errorf("testbed: the snapshot version comes from CHANGELOG.md: %w", err)
		}
		if version, err = ChangelogVersion(changelog); err != nil {
			return nil, err
		}
	}
	src, err := os.ReadFile(filepath.Join(root, ".goreleaser.yml"))
	if err != nil {
		return nil, fmt.Errorf("testbed: %w", err)
	}
	cfg, err := deriveConfig(src, platforms, dist)
	if err != nil {
		return nil, err
	}
	goreleaser, err := EnsureGoreleaser(ctx, w)
	if err != nil {
		return nil, err
	}

	cfgDir, err := os.MkdirTemp("", "goreleaser-config-")
	if err != nil {
		return nil, fmt.Errorf("testbed: %w", err)
	}
	defer os.RemoveAll(cfgDir) //nolint:errcheck // scratch
	cfgPath := filepath.Join(cfgDir, "goreleaser.yml")
	if err := os.WriteFile(cfgPath, cfg, 0o644); err != nil {
		return nil, fmt.Errorf("testbed: %w", err)
	}
	args := []string{"release", "--snapshot", "--clean", "--config", cfgPath}
	signed := "unsigned"
	if opts.Key == nil {
		args = append(args, "--skip=sign")
	} else {
		signed = "checksums signed by " + opts.Key.Fingerprint
	}
	fmt.Fprintf(w, "testbed: goreleaser %s: snapshot %s for %d platform(s) into %s (%s) ...\n",
		GoreleaserVersion, version, len(platforms), dist, signed)
	start := time.Now()
	cmd := exec.CommandContext(ctx, goreleaser, args...)
	cmd.Dir = root
	// GOWORK/GOFLAGS of the caller must not change the provider build; SNAPSHOT_VERSION is read
	// by snapshot.version_template.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "SNAPSHOT_VERSION="+version)
	if opts.Key != nil {
		cmd.Env = append(cmd.Env, opts.Key.Env()...)
	}
	out := &prefixWriter{w: w, prefix: "goreleaser: "}
	var log bytes.Buffer
	both := io.MultiWriter(out, &log) // one writer: exec then writes from one goroutine only
	cmd.Stdout, cmd.Stderr = both, both
	// goreleaser says nothing while it compiles (minutes per platform with a cold Go cache).
	stop := reportProgress(w, "running goreleaser", start)
	err = cmd.Run()
	stop()
	out.flush()
	if err != nil {
		return nil, fmt.Errorf("testbed: goreleaser release --snapshot: %w\n%s", err, tail(log.String(), 30))
	}
	// The GitHub release gets the manifest from the repository (release.extra_files); goreleaser
	// only lists it in the checksums. Put it next to the other files, as the release will have it.
	manifest, err := os.ReadFile(filepath.Join(root, "terraform-registry-manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("testbed: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dist, ProjectName+"_"+version+"_manifest.json"), manifest, 0o644); err != nil {
		return nil, fmt.Errorf("testbed: %w", err)
	}
	r, err := OpenRelease(dist, version)
	if err != nil {
		return nil, err
	}
	r.Took = time.Since(start)
	if err := r.Check(root, platforms, opts.Key); err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "testbed: release %s built in %s\n", version, r.Took.Round(time.Second))
	return r, nil
}

// OpenRelease finds the files of version in dir (what goreleaser left in its dist folder).
func OpenRelease(dir, version string) (*Release, error) {
	prefix := ProjectName + "_" + version + "_"
	r := &Release{Version: version, Dir: dir, Zips: map[string]string{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("testbed: reading the release: %w", err)
	}
	for _, e := range entries {
		name, path := e.Name(), filepath.Join(dir, e.Name())
		switch {
		case e.IsDir() || !strings.HasPrefix(name, prefix):
		case name == prefix+"SHA256SUMS":
			r.SHA256SUMS = path
		case name == prefix+"SHA256SUMS.sig":
			r.Signature = path
		case name == prefix+"manifest.json":
			r.Manifest = path
		case strings.HasSuffix(name, ".zip"):
			r.Zips[strings.TrimSuffix(strings.TrimPrefix(name, prefix), ".zip")] = path
		}
	}
	if r.SHA256SUMS == "" {
		return nil, fmt.Errorf("testbed: no %sSHA256SUMS in %s", prefix, dir)
	}
	return r, nil
}

// Files are the release's files (zips, checksums, signature, manifest), sorted.
func (r *Release) Files() []string {
	files := []string{r.SHA256SUMS, r.Manifest}
	if r.Signature != "" {
		files = append(files, r.Signature)
	}
	for _, z := range r.Zips {
		files = append(files, z)
	}
	sort.Strings(files)
	return files
}

// Check verifies what the Terraform Registry (and `terraform init` after it) will verify: a zip
// per platform holding the binary, a checksum line per zip and for the manifest, the manifest
// itself (the repository's terraform-registry-manifest.json), and the signature of the checksums
// by key (or no signature when key is nil).
func (r *Release) Check(root string, platforms []string, key *SigningKey) error {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	var got []string
	for p := range r.Zips {
		got = append(got, p)
	}
	sort.Strings(got)
	want := slices.Clone(platforms)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		bad("zips for %s, want %s", strings.Join(got, " "), strings.Join(want, " "))
	}

	sums, err := readSHA256SUMS(r.SHA256SUMS)
	if err != nil {
		return fmt.Errorf("testbed: release %s: %w", r.Version, err)
	}
	listed := map[string]bool{}
	for _, path := range append(r.zipPaths(), r.Manifest) {
		if path == "" {
			continue
		}
		name := filepath.Base(path)
		listed[name] = true
		sum, ok := sums[name]
		if !ok {
			bad("%s is not in %s", name, filepath.Base(r.SHA256SUMS))
			continue
		}
		if actual, err := fileSHA256(path); err != nil {
			bad("%v", err)
		} else if actual != sum {
			bad("%s has sha256 %s, %s says %s", name, actual, filepath.Base(r.SHA256SUMS), sum)
		}
	}
	for name := range sums {
		if !listed[name] {
			bad("%s lists %s, which the release does not have", filepath.Base(r.SHA256SUMS), name)
		}
	}

	if r.Manifest == "" {
		bad("no %s_%s_manifest.json", ProjectName, r.Version)
	} else {
		want, err := os.ReadFile(filepath.Join(root, "terraform-registry-manifest.json"))
		if err != nil {
			return fmt.Errorf("testbed: %w", err)
		}
		if got, err := os.ReadFile(r.Manifest); err != nil || !bytes.Equal(got, want) {
			bad("%s is not terraform-registry-manifest.json (%v)", filepath.Base(r.Manifest), err)
		}
	}

	for _, p := range got {
		binary := ProjectName + "_v" + r.Version
		if strings.HasPrefix(p, "windows_") {
			binary += ".exe"
		}
		if err := zipHasExecutable(r.Zips[p], binary); err != nil {
			bad("%v", err)
		}
	}

	switch {
	case key == nil && r.Signature != "":
		bad("%s is signed, but no key was configured", filepath.Base(r.SHA256SUMS))
	case key != nil && r.Signature == "":
		bad("%s has no signature (%s.sig)", filepath.Base(r.SHA256SUMS), filepath.Base(r.SHA256SUMS))
	case key != nil:
		if err := key.Verify(context.Background(), r.Signature, r.SHA256SUMS); err != nil {
			bad("%v", err)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("testbed: release %s in %s is not what the registry expects:\n  %s", r.Version, r.Dir, strings.Join(problems, "\n  "))
	}
	return nil
}

func (r *Release) zipPaths() []string {
	var paths []string
	for _, z := range r.Zips {
		paths = append(paths, z)
	}
	sort.Strings(paths)
	return paths
}

// readSHA256SUMS reads "<hex>  <file name>" lines.
func readSHA256SUMS(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sums := map[string]string{}
	line := regexp.MustCompile(`^([0-9a-f]{64})  (\S+)$`)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			return nil, fmt.Errorf("%s line %d is not \"<sha256>  <file>\": %q", filepath.Base(path), n, sc.Text())
		}
		sums[m[2]] = m[1]
	}
	return sums, sc.Err()
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close() //nolint:errcheck // read-only
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// zipHasExecutable checks that the zip holds name at its top, executable (Terraform runs it
// from the unpacked folder as is).
func zipHasExecutable(path, name string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	defer zr.Close() //nolint:errcheck // read-only
	var names []string
	for _, f := range zr.File {
		if f.Name == name {
			if f.Mode()&0o111 == 0 && !strings.HasSuffix(name, ".exe") {
				return fmt.Errorf("%s: %s is not executable (%s)", filepath.Base(path), name, f.Mode())
			}
			return nil
		}
		names = append(names, f.Name)
	}
	return fmt.Errorf("%s holds %s, not %s", filepath.Base(path), strings.Join(names, ", "), name)
}

// changelogHeading is a version heading of CHANGELOG.md: "## 0.1.0 (Unreleased)" or
// "## 0.1.0 (March 3, 2027)".
var changelogHeading = regexp.MustCompile(`^## (\d+\.\d+\.\d+) \((.+)\)\s*$`)

// ChangelogVersion returns the version of CHANGELOG.md's first section: the version the next
// tag will have while it says "(Unreleased)", the tagged one once it has a date.
func ChangelogVersion(changelog []byte) (string, error) {
	sc := bufio.NewScanner(bytes.NewReader(changelog))
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if !strings.HasPrefix(text, "## ") {
			continue
		}
		m := changelogHeading.FindStringSubmatch(text)
		if m == nil {
			return "", fmt.Errorf("testbed: CHANGELOG.md line %d: %q is not a version heading: write \"## X.Y.Z (Unreleased)\" or \"## X.Y.Z (Month D, YYYY)\"", n, text)
		}
		return m[1], nil
	}
	return "", fmt.Errorf("testbed: CHANGELOG.md has no version heading: start it with \"## X.Y.Z (Unreleased)\"")
}

// Lines of .goreleaser.yml that deriveConfig rewrites.
const (
	targetsLine = "    targets:"
	targetItem  = "      - "
)

// ConfigTargets returns the targets list of .goreleaser.yml.
func ConfigTargets(cfg []byte) ([]string, error) {
	lines := strings.Split(string(cfg), "\n")
	i := slices.Index(lines, targetsLine)
	if i < 0 {
		return nil, fmt.Errorf("testbed: .goreleaser.yml has no %q line (one target per line below it)", strings.TrimSpace(targetsLine))
	}
	var targets []string
	for _, l := range lines[i+1:] {
		if !strings.HasPrefix(l, targetItem) {
			break
		}
		targets = append(targets, strings.TrimSpace(strings.TrimPrefix(l, targetItem)))
	}
	if len(targets) == 0 {
		return nil, fmt.Errorf("testbed: .goreleaser.yml: no %q items under %q", strings.TrimSpace(targetItem), strings.TrimSpace(targetsLine))
	}
	return targets, nil
}

// deriveConfig returns .goreleaser.yml building only platforms, into dist.
func deriveConfig(cfg []byte, platforms []string, dist string) ([]byte, error) {
	current, err := ConfigTargets(cfg)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(string(cfg), "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "dist:") {
			return nil, fmt.Errorf("testbed: .goreleaser.yml sets dist: the test bed chooses the output folder")
		}
	}
	i := slices.Index(lines, targetsLine)
	items := make([]string, len(platforms))
	for j, p := range platforms {
		items[j] = targetItem + p
	}
	lines = slices.Replace(lines, i+1, i+1+len(current), items...)
	lines = append(lines, "dist: "+strconv.Quote(dist), "")
	return []byte(strings.Join(lines, "\n")), nil
}
