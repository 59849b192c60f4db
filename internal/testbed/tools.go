package testbed

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// tool describes one cached build: <cache root>/<dir>/<bins...>.
type tool struct {
	name     string   // for messages, e.g. "Perses"
	version  string   // one of the constants in versions.go
	dir      string   // cache sub-directory, keyed by version
	bins     []string // executables the build leaves in dir
	estimate string   // rough cold build time, so nobody thinks the first run hangs
	// stamp, when set, identifies the build recipe beyond the version (e.g. its ldflags). It
	// is stored next to the binaries, and a cached build with another stamp is rebuilt.
	stamp string
	// check, when set, runs before a build starts, so that a missing input is reported
	// before the "building" message rather than minutes into it.
	check func(w io.Writer) error
	// build writes bins into out, using work as scratch space (both are empty directories).
	build func(ctx context.Context, work, out string) error
}

// persesLDFlags stamp the version like upstream's release builds do, so that /api/v1/health
// and `percli version` report "0.54.0" instead of "" (the provider reads it to check the range).
func persesLDFlags(version string) string {
	return "-X github.com/prometheus/common/version.Version=" + strings.TrimPrefix(version, "v")
}

// persesTool builds one Perses version (the server and percli) into perses-<version>.
func persesTool(version string) tool {
	ldflags := persesLDFlags(version)
	return tool{
		name: "Perses", version: version, dir: "perses-" + version,
		bins: []string{"perses", "percli"}, estimate: "~5 min on 2 cores",
		stamp: ldflags,
		build: func(ctx context.Context, work, out string) error {
			// The server embeds the web UI, which is not in the module zip: a stub embed.go makes
			// it build without the frontend (the test bed runs with frontend.disable). Every
			// supported version declares embedFS in ui/endpoint.go and leaves its definition
			// to a generated file.
			return buildModuleCopy(ctx, work, out, "github.com/perses/perses", version, ldflags,
				map[string]string{"ui/embed.go": "package ui\n\nimport \"embed\"\n\nvar embedFS embed.FS\n"},
				"./cmd/perses", "./cmd/percli")
		},
	}
}

var (
	terraformTool = tool{
		name: "Terraform", version: TerraformVersion, dir: "terraform-" + TerraformVersion,
		bins: []string{"terraform"}, estimate: "~6 min on 2 cores",
		build: func(ctx context.Context, work, out string) error {
			// Without version.dev=no the binary reports X.Y.Z-dev, which sorts below X.Y.Z in
			// terraform-plugin-testing's version checks.
			return goInstall(ctx, work, out, "github.com/hashicorp/terraform", TerraformVersion,
				"-X github.com/hashicorp/terraform/version.dev=no")
		},
	}
	terraform115Tool = tool{
		name: "Terraform", version: Terraform115Version, dir: "terraform-" + Terraform115Version,
		bins: []string{"terraform"}, estimate: "~7 min on 2 cores, 20+ when the machine is busy",
		check: terraform115Source.check,
		build: func(ctx context.Context, work, out string) error {
			return buildFromSource(ctx, terraform115Source, work, out, "terraform")
		},
	}
	openTofuTool = tool{
		name: "OpenTofu", version: OpenTofuVersion, dir: "opentofu-" + OpenTofuVersion,
		bins: []string{"tofu"}, estimate: "~8 min on 2 cores",
		build: func(ctx context.Context, work, out string) error {
			// `go install` refuses OpenTofu (its go.mod has a replace directive): build a copy.
			return buildModuleCopy(ctx, work, out, "github.com/opentofu/opentofu", OpenTofuVersion,
				"-X github.com/opentofu/opentofu/version.dev=no", nil, "./cmd/tofu")
		},
	}
	golangciLintTool = tool{
		name: "golangci-lint", version: GolangciLintVersion, dir: "golangci-lint-" + GolangciLintVersion,
		bins: []string{"golangci-lint"}, estimate: "~3 min on 2 cores",
		build: func(ctx context.Context, work, out string) error {
			return goInstall(ctx, work, out, "github.com/golangci/golangci-lint/v2/cmd/golangci-lint", GolangciLintVersion, "")
		},
	}
	tfPluginDocsTool = tool{
		name: "tfplugindocs", version: TFPluginDocsVersion, dir: "tfplugindocs-" + TFPluginDocsVersion,
		bins: []string{"tfplugindocs"}, estimate: "~2 min on 2 cores",
		build: func(ctx context.Context, work, out string) error {
			return goInstall(ctx, work, out, "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs", TFPluginDocsVersion, "")
		},
	}
)

// EnsurePerses returns the paths of the perses server and of percli (PersesVersion), building
// them on first use.
func EnsurePerses(ctx context.Context, w io.Writer) (server, cli string, err error) {
	return EnsurePersesVersion(ctx, w, PersesVersion)
}

// EnsurePersesVersion is EnsurePerses for one of SupportedPersesVersions, each built on first use.
func EnsurePersesVersion(ctx context.Context, w io.Writer, version string) (server, cli string, err error) {
	release, err := persesReleaseOf(version)
	if err != nil {
		return "", "", err
	}
	dir, err := ensureTool(ctx, w, persesTool(release.version))
	if err != nil {
		return "", "", err
	}
	return filepath.Join(dir, "perses"), filepath.Join(dir, "percli"), nil
}

// EnsureTerraform returns the path of the terraform binary, building it on first use.
func EnsureTerraform(ctx context.Context, w io.Writer) (string, error) {
	return ensureBinary(ctx, w, terraformTool)
}

// EnsureTerraform115 returns the path of the current Terraform (Terraform115Version): the
// binary named by PERSES_TF_TERRAFORM_1_15_BIN if set (checked to be that minor version), else
// the cached build from the source archive (see source.go), built on first use.
func EnsureTerraform115(ctx context.Context, w io.Writer) (string, error) {
	if w == nil {
		w = io.Discard
	}
	if bin, err := terraform115Source.existingBinary(ctx, w); bin != "" || err != nil {
		return bin, err
	}
	return ensureBinary(ctx, w, terraform115Tool)
}

// EnsureOpenTofu returns the path of the tofu binary, building it on first use.
func EnsureOpenTofu(ctx context.Context, w io.Writer) (string, error) {
	return ensureBinary(ctx, w, openTofuTool)
}

// EnsureGolangciLint returns the path of the golangci-lint binary, building it on first use.
func EnsureGolangciLint(ctx context.Context, w io.Writer) (string, error) {
	return ensureBinary(ctx, w, golangciLintTool)
}

// EnsureTFPluginDocs returns the path of the tfplugindocs binary, building it on first use.
func EnsureTFPluginDocs(ctx context.Context, w io.Writer) (string, error) {
	return ensureBinary(ctx, w, tfPluginDocsTool)
}

func ensureBinary(ctx context.Context, w io.Writer, t tool) (string, error) {
	dir, err := ensureTool(ctx, w, t)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, t.bins[0]), nil
}

// ensureTool returns <cache root>/<t.dir> once every binary of t is in it. A build happens
// under a per-tool lock file, into a temporary directory that is renamed into place only when
// complete: a killed build leaves no half binary, and concurrent callers build it only once.
func ensureTool(ctx context.Context, w io.Writer, t tool) (string, error) {
	if w == nil {
		w = io.Discard
	}
	root, err := ensureCacheDir()
	if err != nil {
		return "", err
	}
	final := filepath.Join(root, t.dir)
	if t.complete(final) {
		fmt.Fprintf(w, "testbed: using cached %s %s at %s\n", t.name, t.version, final)
		return final, nil
	}

	release, err := acquireLock(ctx, w, filepath.Join(root, t.dir+".lock"), t.name+" "+t.version)
	if err != nil {
		return "", err
	}
	defer release()
	if t.complete(final) { // another process built it while we waited
		fmt.Fprintf(w, "testbed: using cached %s %s at %s\n", t.name, t.version, final)
		return final, nil
	}
	if t.check != nil {
		if err := t.check(w); err != nil {
			return "", err
		}
	}
	// We hold the lock, so scratch directories of this tool are leftovers of a killed build.
	removeGlob(filepath.Join(root, ".tmp-"+t.dir+"-*"))
	removeGlob(filepath.Join(root, ".work-"+t.dir+"-*"))

	fmt.Fprintf(w, "testbed: building %s %s (first run only, %s) ...\n", t.name, t.version, t.estimate)
	start := time.Now()
	out, err := os.MkdirTemp(root, ".tmp-"+t.dir+"-")
	if err != nil {
		return "", fmt.Errorf("testbed: %w", err)
	}
	defer os.RemoveAll(out) //nolint:errcheck // already renamed away on success
	work, err := os.MkdirTemp(root, ".work-"+t.dir+"-")
	if err != nil {
		return "", fmt.Errorf("testbed: %w", err)
	}
	defer removeAllWritable(work)

	stop := reportProgress(w, "building "+t.name+" "+t.version, start)
	err = t.build(ctx, work, out)
	stop()
	if err != nil {
		return "", fmt.Errorf("testbed: building %s %s: %w", t.name, t.version, err)
	}
	if t.stamp != "" {
		if err := os.WriteFile(filepath.Join(out, stampFile), []byte(t.stamp), 0o644); err != nil {
			return "", fmt.Errorf("testbed: %w", err)
		}
	}
	if !t.complete(out) {
		return "", fmt.Errorf("testbed: building %s %s: the build did not produce %v", t.name, t.version, t.bins)
	}
	if err := os.Chmod(out, 0o755); err != nil { // MkdirTemp made it private
		return "", fmt.Errorf("testbed: %w", err)
	}
	// A directory without every binary (e.g. from an interrupted manual copy) is replaced.
	if err := os.RemoveAll(final); err != nil {
		return "", fmt.Errorf("testbed: %w", err)
	}
	if err := os.Rename(out, final); err != nil {
		return "", fmt.Errorf("testbed: installing %s: %w", t.name, err)
	}
	fmt.Fprintf(w, "testbed: built %s %s in %s at %s\n", t.name, t.version, time.Since(start).Round(time.Second), final)
	return final, nil
}

// stampFile holds tool.stamp next to the binaries.
const stampFile = ".testbed-stamp"

// complete reports whether dir holds every executable of t, built with t's stamp.
func (t tool) complete(dir string) bool {
	for _, b := range t.bins {
		info, err := os.Stat(filepath.Join(dir, b))
		if err != nil || !info.Mode().IsRegular() || info.Mode().Perm()&0o111 == 0 {
			return false
		}
	}
	if t.stamp != "" {
		data, err := os.ReadFile(filepath.Join(dir, stampFile))
		return err == nil && string(data) == t.stamp
	}
	return true
}

// reportProgress prints a line every minute during a long step ("building X v1"), so that logs
// show it is alive.
func reportProgress(w io.Writer, doing string, start time.Time) (stop func()) {
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(time.Minute)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				fmt.Fprintf(w, "testbed: still %s (%s so far) ...\n", doing, time.Since(start).Round(time.Second))
			}
		}
	}()
	return func() { close(done) }
}

func removeGlob(pattern string) {
	matches, _ := filepath.Glob(pattern)
	for _, m := range matches {
		removeAllWritable(m)
	}
}

// removeAllWritable removes a tree, first making its directories writable: the Go module
// cache and copies of it contain read-only directories that os.RemoveAll cannot empty.
func removeAllWritable(dir string) {
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(path, 0o755)
		}
		return nil
	})
	_ = os.RemoveAll(dir)
}
