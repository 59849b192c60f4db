// Package bench is `make bench`: it measures the provider on the local test bed (a real Perses
// with a file database, auth off, a fresh server per row) against two references run in the same
// process on the same server: percli applying the same objects, and the Terraform core floor (the
// same number of terraform_data resources through the same steps). See docs/performance.md.
package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// Row is one workload: N datasources, global (Projects 0) or spread evenly over Projects,
// measured Reps times (the report gives the median, min and max).
type Row struct {
	N, Projects, Reps int
}

// Options configures a run.
type Options struct {
	Rows []Row
	// CLIs are "terraform" and/or "tofu".
	CLIs []string
	// ProviderBinary is the provider build to measure.
	ProviderBinary string
	// MinimalProvider, when set, is a build of internal/bench/cmd/minimal-provider, measured as a
	// third reference: what any plugin provider costs before it does any work.
	MinimalProvider string
	// Progress receives one line per measured step. nil discards it.
	Progress io.Writer
	// KeepWorkDir keeps the working directory (configurations, states, server logs).
	KeepWorkDir bool
	// ProfileDir, with the profiled provider build as ProviderBinary, receives CPU and
	// allocation profiles, one folder per row, CLI and step.
	ProfileDir string
	// ExtraEnv is added to the environment of every measured command (KEY=VALUE), for
	// experiments such as GOGC=200 or TF_LOG_SDK=OFF; the report lists it.
	ExtraEnv []string
	// Revision names the source the provider was built from, for the report ("" = ask git
	// about the working directory).
	Revision string
	// ProviderOnly skips the references (terraform_data floor, percli), e.g. while profiling.
	ProviderOnly bool
}

// The steps each tool goes through, in order, once per repetition.
const (
	stepApply = iota
	stepPlan
	stepChange
	stepDestroy
	stepCount
)

var (
	stepNames = [stepCount]string{"apply (create all)", "plan (no change)", "apply (change 10%)", "destroy"}
	stepSlugs = [stepCount]string{"apply", "plan", "change", "destroy"}
)

// Result is a whole run.
type Result struct {
	Options Options
	Machine string
	Tools   string
	// LoadStart and LoadEnd are the machine's load averages around the run.
	LoadStart, LoadEnd string
	Rows               []rowResult
	Took               time.Duration
}

type rowResult struct {
	Workload workload
	Reps     int
	CLIs     []cliResult
	// percli apply -d on the same objects: on an empty server, then again (nothing to change).
	PercliFresh, PercliNoop steps
}

type cliResult struct {
	Name                     string // e.g. "Terraform v1.8.5"
	Provider, Floor, Minimal [stepCount]steps
}

// cliTool is a Terraform-compatible CLI.
type cliTool struct {
	key, name, path string
}

// Run runs the benchmark. On failure it also returns the rows measured so far.
func Run(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	for _, row := range opts.Rows {
		if row.Reps < 1 || row.N < 1 || row.Projects < 0 {
			return nil, fmt.Errorf("bench: bad row %+v: N and Reps must be at least 1", row)
		}
	}
	if opts.Progress == nil {
		opts.Progress = io.Discard
	}
	provider, err := filepath.Abs(opts.ProviderBinary)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(provider); err != nil {
		return nil, fmt.Errorf("bench: provider binary: %w (make bench builds it)", err)
	}
	clis, err := ensureCLIs(ctx, opts)
	if err != nil {
		return nil, err
	}
	_, percli, err := testbed.EnsurePerses(ctx, opts.Progress)
	if err != nil {
		return nil, err
	}
	if opts.MinimalProvider != "" {
		if opts.MinimalProvider, err = filepath.Abs(opts.MinimalProvider); err != nil {
			return nil, err
		}
		if _, err := os.Stat(opts.MinimalProvider); err != nil {
			return nil, fmt.Errorf("bench: minimal provider binary: %w (make bench builds it)", err)
		}
	}
	work, err := newWorkDir(provider)
	if err != nil {
		return nil, err
	}
	if !opts.KeepWorkDir {
		defer os.RemoveAll(work.root) //nolint:errcheck // best effort
	} else {
		fmt.Fprintf(opts.Progress, "bench: working directory %s (kept)\n", work.root)
	}
	revision := opts.Revision
	if revision == "" {
		revision = sourceRevision()
	}
	res := &Result{Options: opts, Machine: describeMachine(), Tools: describeTools(clis, provider, revision), LoadStart: loadAverage()}
	defer func() {
		res.Took = time.Since(start)
		res.LoadEnd = loadAverage()
	}()
	for i, row := range opts.Rows {
		w := workload{N: row.N, Projects: row.Projects}
		rr, err := runRow(ctx, opts, work, filepath.Join(work.root, fmt.Sprintf("row%d", i)), w, row.Reps, clis, percli)
		if err != nil {
			return res, err
		}
		res.Rows = append(res.Rows, *rr)
	}
	return res, nil
}

func ensureCLIs(ctx context.Context, opts Options) ([]cliTool, error) {
	var clis []cliTool
	for _, key := range opts.CLIs {
		var (
			path string
			err  error
			name string
		)
		switch key {
		case "terraform":
			path, err = testbed.EnsureTerraform(ctx, opts.Progress)
			name = "Terraform " + testbed.TerraformVersion
		case "tofu":
			path, err = testbed.EnsureOpenTofu(ctx, opts.Progress)
			name = "OpenTofu " + testbed.OpenTofuVersion
		default:
			return nil, fmt.Errorf("bench: unknown CLI %q (terraform or tofu)", key)
		}
		if err != nil {
			return nil, err
		}
		clis = append(clis, cliTool{key: key, name: name, path: path})
	}
	if len(clis) == 0 {
		return nil, fmt.Errorf("bench: no CLI to measure")
	}
	return clis, nil
}

// workDir holds what every row shares: the CLI configuration whose dev_overrides point at the
// provider wrapper, and the real provider the wrapper starts.
type workDir struct {
	root, cliConfig, provider string
}

func newWorkDir(provider string) (*workDir, error) {
	// The Perses servers live below: their path must be all lowercase (see testbed.ServerOptions.Dir).
	base := os.TempDir()
	if base != strings.ToLower(base) {
		base = "/tmp"
	}
	root, err := os.MkdirTemp(base, "perses-bench-")
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	// One directory per provider, each holding a link to this binary under the provider's name.
	overrides := map[string]string{"perses": filepath.Join(root, "provider"), "minimal": filepath.Join(root, "minimal")}
	for name, dir := range overrides {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		if err := os.Symlink(self, filepath.Join(dir, "terraform-provider-"+name)); err != nil {
			return nil, err
		}
	}
	// Both registry hosts: "perses/perses" resolves to registry.terraform.io in Terraform and to
	// registry.opentofu.org in OpenTofu. Nothing is downloaded: terraform_data is built in.
	config := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/perses/perses"  = %[1]q
    "registry.opentofu.org/perses/perses" = %[1]q
    "registry.terraform.io/bench/minimal"  = %[2]q
    "registry.opentofu.org/bench/minimal" = %[2]q
  }
  direct {}
}
`, overrides["perses"], overrides["minimal"])
	w := &workDir{root: root, cliConfig: filepath.Join(root, "cli.tfrc"), provider: provider}
	return w, os.WriteFile(w.cliConfig, []byte(config), 0o600)
}

// Outputs that prove a step did what it should; each CLI prints the same summary lines.
func applied(added, changed, destroyed int) *regexp.Regexp {
	return regexp.MustCompile(fmt.Sprintf(`Resources: %d added, %d changed, %d destroyed`, added, changed, destroyed))
}

func destroyed(n int) *regexp.Regexp {
	return regexp.MustCompile(fmt.Sprintf(`Resources: %d destroyed`, n))
}

var noChanges = regexp.MustCompile(`No changes\.`)
