// Command bench is `make bench`: see internal/bench and docs/performance.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/perses/terraform-provider-perses/internal/bench"
)

func main() {
	// Terraform and OpenTofu start this binary as the provider (see bench/wrapper.go).
	bench.RunProviderWrapperIfAsked()

	sizes := flag.String("sizes", "10,100,1000", "comma-separated counts of global datasources, one row each")
	projects := flag.String("projects", "1000/20", "comma-separated N/P rows: N datasources spread over P projects (\"\" for none)")
	reps := flag.Int("reps", 3, "repetitions of every step of the rows below 1000 datasources (the report gives median, min and max)")
	largeReps := flag.Int("reps-large", 1, "repetitions of the rows of 1000 datasources or more (Terraform core alone needs minutes for one)")
	clis := flag.String("clis", "terraform,tofu", "CLIs to measure: terraform, tofu or both")
	provider := flag.String("provider", "bin/terraform-provider-perses", "provider binary to measure")
	minimal := flag.String("minimal-provider", "", "build of internal/bench/cmd/minimal-provider to measure as a reference (\"\" to skip)")
	keep := flag.Bool("keep", false, "keep the working directory (configurations, states, server logs)")
	var extraEnv listFlag
	flag.Var(&extraEnv, "env", "KEY=VALUE added to the environment of the measured commands (repeatable), for experiments")
	revision := flag.String("revision", "", "what the provider was built from, for the report (default: git describe of the working directory)")
	providerOnly := flag.Bool("provider-only", false, "skip the references (terraform_data floor, percli), e.g. while profiling")
	profiles := flag.String("profile-dir", "", "with -provider bin/profiled-provider: write its CPU and allocation profiles there")
	flag.Parse()

	opts := bench.Options{CLIs: split(*clis), ProviderBinary: *provider, MinimalProvider: *minimal, Progress: os.Stderr, KeepWorkDir: *keep, ProviderOnly: *providerOnly, ExtraEnv: extraEnv, Revision: *revision}
	if *profiles != "" {
		dir, err := filepath.Abs(*profiles)
		if err != nil {
			fail(err)
		}
		opts.ProfileDir = dir
	}
	for _, s := range split(*sizes) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			fail(fmt.Errorf("bad -sizes entry %q", s))
		}
		opts.Rows = append(opts.Rows, bench.Row{N: n, Reps: repsFor(n, *reps, *largeReps)})
	}
	for _, s := range split(*projects) {
		ns, ps, ok := strings.Cut(s, "/")
		n, err1 := strconv.Atoi(ns)
		p, err2 := strconv.Atoi(ps)
		if !ok || err1 != nil || err2 != nil || n < 1 || p < 1 {
			fail(fmt.Errorf("bad -projects entry %q: write N/P, e.g. 1000/20", s))
		}
		opts.Rows = append(opts.Rows, bench.Row{N: n, Projects: p, Reps: repsFor(n, *reps, *largeReps)})
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := bench.Run(ctx, opts)
	if res != nil && len(res.Rows) > 0 {
		res.WriteMarkdown(os.Stdout) // what was measured before a failure is still worth reading
	}
	if err != nil {
		fail(err)
	}
}

// repsFor chooses the repetitions of a row: each repetition of a 1000-datasource row takes
// minutes (mostly Terraform core's, see docs/performance.md).
func repsFor(n, reps, largeReps int) int {
	if n >= 1000 {
		return largeReps
	}
	return reps
}

func split(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, " ") }

func (l *listFlag) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("want KEY=VALUE, got %q", v)
	}
	*l = append(*l, v)
	return nil
}
