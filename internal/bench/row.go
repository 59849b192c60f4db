package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync"

	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// rowBench runs one row on its own fresh server.
type rowBench struct {
	opts   Options
	w      workload
	dir    string
	server *testbed.Server
	api    *client.Client // set-up, clean-up and checks: never inside a timed step
	run    *runner
	percli string
	// percliConfig holds percli's login, kept out of the user's ~/.perses.
	percliConfig, percliDir string
}

func runRow(ctx context.Context, opts Options, work *workDir, dir string, w workload, reps int, clis []cliTool, percli string) (*rowResult, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	server, err := testbed.StartServer(ctx, testbed.ServerOptions{Dir: filepath.Join(dir, "server"), Out: opts.Progress})
	if err != nil {
		return nil, err
	}
	defer server.Stop() //nolint:errcheck // the row's result is what matters
	api, err := client.New(client.Config{URL: server.URL})
	if err != nil {
		return nil, err
	}
	b := &rowBench{
		opts: opts, w: w, dir: dir, server: server, api: api, percli: percli,
		percliConfig: filepath.Join(dir, "percli.json"), percliDir: filepath.Join(dir, "percli"),
		run: &runner{
			profileDir: opts.ProfileDir,
			log:        requestLog{path: server.LogPath},
			serverPID:  server.PID,
			usageLog:   filepath.Join(dir, "provider-usage.log"),
			env: benchEnv(append([]string{"TF_CLI_CONFIG_FILE=" + work.cliConfig, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1",
				envRealProvider + "=" + work.provider, envUsageLog + "=" + filepath.Join(dir, "provider-usage.log")}, opts.ExtraEnv...)...),
		},
	}
	if err := b.setUp(ctx); err != nil {
		return nil, err
	}
	res := &rowResult{Workload: w, Reps: reps, CLIs: make([]cliResult, len(clis))}
	for i, cli := range clis {
		res.CLIs[i].Name = cli.name
	}
	for rep := 1; rep <= reps; rep++ {
		for i, cli := range clis {
			if err := b.terraformSteps(ctx, cli, rep, subjectProvider, &res.CLIs[i].Provider); err != nil {
				return nil, err
			}
			if opts.ProviderOnly {
				continue
			}
			if err := b.terraformSteps(ctx, cli, rep, subjectFloor, &res.CLIs[i].Floor); err != nil {
				return nil, err
			}
			if opts.MinimalProvider == "" {
				continue
			}
			if err := b.terraformSteps(ctx, cli, rep, subjectMinimal, &res.CLIs[i].Minimal); err != nil {
				return nil, err
			}
		}
		if opts.ProviderOnly {
			continue
		}
		if err := b.percliSteps(ctx, rep, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// setUp creates the projects (the same for every tool, untimed) and logs percli in.
func (b *rowBench) setUp(ctx context.Context) error {
	for p := range b.w.Projects {
		project := &v1.Project{Kind: v1.KindProject, Metadata: v1.Metadata{Name: b.w.projectName(p)}}
		if _, err := b.api.CreateProject(ctx, project); err != nil {
			return fmt.Errorf("bench: creating project: %w", err)
		}
	}
	if err := b.w.writePercliDir(b.percliDir); err != nil {
		return err
	}
	if _, err := b.run.run(ctx, command{dir: b.dir, args: []string{b.percli, "login", b.server.URL, "--percliconfig", b.percliConfig}}); err != nil {
		return err
	}
	return nil
}

// The three things the CLIs apply: the provider's datasources, the terraform_data floor, and the
// minimal framework provider's resources.
const (
	subjectProvider = "provider"
	subjectFloor    = "floor"
	subjectMinimal  = "minimal"
)

// terraformSteps runs apply (create all), plan (no change), apply (change 10%) and destroy with
// one CLI, on one subject.
func (b *rowBench) terraformSteps(ctx context.Context, cli cliTool, rep int, what string, into *[stepCount]steps) error {
	dir := filepath.Join(b.dir, cli.key+"-"+what)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	config := func(version int) string {
		switch what {
		case subjectFloor:
			return b.w.floorConfig(version)
		case subjectMinimal:
			return b.w.minimalConfig(version)
		}
		return b.w.providerConfig(b.server.URL, version)
	}
	var env []string
	if what == subjectMinimal {
		// The wrapper starts the minimal provider instead (see wrapper.go).
		env = []string{envRealProvider + "=" + b.opts.MinimalProvider}
	}
	n, changed := b.w.N, (b.w.N+9)/10
	expects := [stepCount]*regexp.Regexp{applied(n, 0, 0), noChanges, applied(0, changed, 0), destroyed(n)}
	for s, args := range [stepCount][]string{
		{"apply", "-auto-approve", "-input=false", "-no-color"},
		{"plan", "-input=false", "-no-color", "-detailed-exitcode"},
		{"apply", "-auto-approve", "-input=false", "-no-color"},
		{"destroy", "-auto-approve", "-input=false", "-no-color"},
	} {
		version := 0
		if s >= stepChange {
			version = 1
		}
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config(version)), 0o600); err != nil {
			return err
		}
		label := fmt.Sprintf("%s/%s-%s/%s-rep%d", b.w.slug(), cli.key, what, stepSlugs[s], rep)
		m, err := b.run.run(ctx, command{dir: dir, args: append([]string{cli.path}, args...), env: env, expect: expects[s], label: label})
		if err != nil && ctx.Err() == nil {
			// A failed step is a result too (the report counts it); the repetition's later steps
			// of this subject are skipped, and the next one starts from nothing again.
			into[s].Failures++
			fmt.Fprintf(b.opts.Progress, "bench: %s, %s, %s, rep %d: %s FAILED: %v\n", b.w, cli.name, what, rep, stepNames[s], err)
			return b.startOver(ctx, dir, what)
		}
		if err != nil {
			return err
		}
		into[s].add(m)
		fmt.Fprintf(b.opts.Progress, "bench: %s, %s, %s, rep %d: %-18s %6.2fs %5d requests, provider peak RSS %3.0f MiB, CPU: provider %5.2fs, CLI %5.2fs, server %5.2fs\n",
			b.w, cli.name, what, rep, stepNames[s], m.Wall.Seconds(), m.Requests.Total(), float64(m.PeakRSS)/1024,
			m.ProviderCPU.Seconds(), (m.CLICPU - m.ProviderCPU).Seconds(), m.ServerCPU.Seconds())
		if what == subjectProvider {
			want := n
			if s == stepDestroy {
				want = 0
			}
			if err := b.checkServerHolds(ctx, want); err != nil {
				return err
			}
		}
	}
	return nil
}

// startOver forgets a subject's state after a failed step: the state files, and for the provider
// the datasources it left on the server.
func (b *rowBench) startOver(ctx context.Context, dir, what string) error {
	states, err := filepath.Glob(filepath.Join(dir, "terraform.tfstate*"))
	if err != nil {
		return err
	}
	for _, f := range states {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	if what != subjectProvider {
		return nil
	}
	return b.deleteAll(ctx)
}

// percliSteps applies the same objects with percli on the empty server, then again, then
// deletes them (untimed) so that the next repetition starts empty.
func (b *rowBench) percliSteps(ctx context.Context, rep int, res *rowResult) error {
	args := []string{"apply", "-d", b.percliDir, "--percliconfig", b.percliConfig}
	for _, s := range []struct {
		name string
		into *steps
	}{{"percli apply (fresh)", &res.PercliFresh}, {"percli apply (no change)", &res.PercliNoop}} {
		m, err := b.run.run(ctx, command{dir: b.dir, args: append([]string{b.percli}, args...)})
		if err != nil {
			return err
		}
		s.into.add(m)
		fmt.Fprintf(b.opts.Progress, "bench: %s, rep %d: %-26s %6.2fs %5d requests, CPU: percli %5.2fs, server %5.2fs\n",
			b.w, rep, s.name, m.Wall.Seconds(), m.Requests.Total(), m.CLICPU.Seconds(), m.ServerCPU.Seconds())
		if err := b.checkServerHolds(ctx, b.w.N); err != nil {
			return err
		}
	}
	return b.deleteAll(ctx)
}

// checkServerHolds fails unless the server holds exactly want of the row's datasources. A list
// could wrongly answer [] (see the facts on the file database): a GET confirms an empty answer.
func (b *rowBench) checkServerHolds(ctx context.Context, want int) error {
	got := 0
	for _, project := range b.scopes() {
		list, err := b.api.ListDatasources(ctx, project, client.DatasourceFilter{NamePrefix: "bench-"})
		if err != nil {
			return fmt.Errorf("bench: checking the server: %w", err)
		}
		got += len(list)
	}
	if got == 0 && want > 0 {
		if _, err := b.api.GetDatasource(ctx, b.w.project(0), b.w.name(0)); err == nil {
			return fmt.Errorf("bench: the server lists no datasource but holds %s: lists are broken on this database", b.w.name(0))
		}
	}
	if got != want {
		return fmt.Errorf("bench: the server holds %d of the row's datasources, want %d", got, want)
	}
	return nil
}

func (b *rowBench) scopes() []string {
	if b.w.Projects == 0 {
		return []string{""}
	}
	var out []string
	for p := range b.w.Projects {
		out = append(out, b.w.projectName(p))
	}
	return out
}

// deleteAll deletes the row's datasources through the API, a few at a time (those already gone
// are fine).
func (b *rowBench) deleteAll(ctx context.Context) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	next := make(chan int)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				err := b.api.DeleteDatasource(ctx, b.w.project(i), b.w.name(i))
				if err != nil && !errors.Is(err, client.ErrNotFound) {
					mu.Lock()
					first = errors.Join(first, err)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range b.w.N {
		next <- i
	}
	close(next)
	wg.Wait()
	if first != nil {
		return fmt.Errorf("bench: deleting the row's datasources: %w", first)
	}
	return b.checkServerHolds(ctx, 0)
}
