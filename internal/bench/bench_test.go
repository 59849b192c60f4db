package bench

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	// The CLIs start this test binary as the provider (see wrapper.go).
	RunProviderWrapperIfAsked()
	os.Exit(m.Run())
}

// TestBenchSmoke runs the whole harness once on a few datasources, with both CLIs, so that `make
// test` proves `make bench` works. It checks what the harness measures, not how fast anything is.
func TestBenchSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Perses, Terraform and OpenTofu")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	bin := t.TempDir()
	provider, minimal := filepath.Join(bin, "terraform-provider-perses"), filepath.Join(bin, "minimal-provider")
	for out, pkg := range map[string]string{provider: "github.com/perses/terraform-provider-perses", minimal: "./cmd/minimal-provider"} {
		if msg, err := exec.CommandContext(ctx, "go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
			t.Fatalf("building %s: %v\n%s", pkg, err, msg)
		}
	}
	var progress bytes.Buffer
	res, err := Run(ctx, Options{
		Rows:            []Row{{N: 5, Reps: 1}, {N: 4, Projects: 2, Reps: 1}},
		CLIs:            []string{"terraform", "tofu"},
		ProviderBinary:  provider,
		MinimalProvider: minimal,
		Progress:        &progress,
	})
	if err != nil {
		t.Fatalf("%v\n%s", err, progress.String())
	}
	for _, row := range res.Rows {
		scopes := max(row.Workload.Projects, 1)
		for _, cli := range row.CLIs {
			p := cli.Provider
			if got := p[stepPlan].Requests.max(); got != float64(scopes) {
				t.Errorf("%s, %s: the no-op plan sent %.0f requests, want %d (one list per scope)", row.Workload, cli.Name, got, scopes)
			}
			if got := p[stepApply].Requests.max(); got < float64(row.Workload.N) {
				t.Errorf("%s, %s: creating %d datasources counted %.0f requests", row.Workload, cli.Name, row.Workload.N, got)
			}
			if p[stepApply].PeakRSS.max() <= 0 || p[stepApply].CPU.max() <= 0 {
				t.Errorf("%s, %s: no provider usage recorded for the apply", row.Workload, cli.Name)
			}
			if cli.Floor[stepApply].Requests.max() != 0 || cli.Floor[stepApply].PeakRSS.max() != 0 {
				t.Errorf("%s, %s: the terraform_data floor touched the server or started the provider", row.Workload, cli.Name)
			}
			if m := cli.Minimal[stepApply]; m.Requests.max() != 0 || m.PeakRSS.max() <= 0 {
				t.Errorf("%s, %s: the minimal provider sent %.0f requests (want none) and peaked at %.0f MiB", row.Workload, cli.Name, m.Requests.max(), m.PeakRSS.max())
			}
		}
		if got := row.PercliFresh.Requests.max(); got != float64(row.Workload.N) {
			t.Errorf("%s: percli created %d datasources in %.0f requests, want %d", row.Workload, row.Workload.N, got, row.Workload.N)
		}
	}
	var report strings.Builder
	res.WriteMarkdown(&report)
	for _, want := range []string{"### 5 global datasources (1 repetition)", "### 4 datasources in 2 projects", "| OpenTofu v1.12.6 | plan (no change) |", "minimal provider", "not in this run"} {
		if !strings.Contains(report.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, report.String())
		}
	}
}
