package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// envProfileDir tells the profiled provider build (internal/bench/cmd/profiled-provider) where
// to write its profiles.
const envProfileDir = "PERSES_BENCH_PROFILE_DIR"

// measure is what one timed step cost.
type measure struct {
	Wall     time.Duration
	Requests requests
	// PeakRSS is the largest peak resident set of the provider processes the step started (KiB);
	// ProviderCPU their summed user+system time. Both zero for steps without the provider.
	PeakRSS     int64
	ProviderCPU time.Duration
	// ServerCPU is the Perses server's user+system time during the step.
	ServerCPU time.Duration
	// CLICPU is the user+system time of the command, the provider processes it waited for
	// included (wait4 accounts a process's reaped children to it).
	CLICPU time.Duration
}

// runner runs the timed commands of one row against one server.
type runner struct {
	log       requestLog
	serverPID int
	usageLog  string   // written by the provider wrapper (see wrapper.go)
	env       []string // the environment of every command
	// profileDir, when set, receives the profiles of a profiled provider build (make
	// bench-profile), in one folder per step.
	profileDir string
}

// command is one measured command.
type command struct {
	dir  string
	args []string // the program, then its arguments
	// env is added to the runner's (a key set here wins).
	env []string
	// expect, if set, must match the command's output: it proves the step did what the row says
	// (e.g. "1000 added").
	expect *regexp.Regexp
	// label names the step's profiles ("" for none).
	label string
}

// run times one command, counts the server's requests and CPU during it and collects the usage
// of the provider processes it started.
func (r *runner) run(ctx context.Context, c command) (measure, error) {
	if err := os.Remove(r.usageLog); err != nil && !errors.Is(err, os.ErrNotExist) {
		return measure{}, err
	}
	from, err := r.log.offset()
	if err != nil {
		return measure{}, err
	}
	serverBefore, err := processCPU(r.serverPID)
	if err != nil {
		return measure{}, err
	}
	cmd := exec.CommandContext(ctx, c.args[0], c.args[1:]...) //nolint:gosec // the benchmark's own tools
	cmd.Dir, cmd.Env = c.dir, append(slices.Clone(r.env), c.env...)
	if r.profileDir != "" && c.label != "" {
		profiles := filepath.Join(r.profileDir, c.label)
		if err := os.MkdirAll(profiles, 0o755); err != nil {
			return measure{}, err
		}
		cmd.Env = append(cmd.Env, envProfileDir+"="+profiles)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err = cmd.Run()
	m := measure{Wall: time.Since(start)}
	if cmd.ProcessState != nil {
		m.CLICPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if err != nil {
		return m, fmt.Errorf("bench: %s in %s: %w\n%s", strings.Join(c.args, " "), c.dir, err, tail(out.String(), 40))
	}
	if c.expect != nil && !c.expect.Match(out.Bytes()) {
		return m, fmt.Errorf("bench: %s in %s: output does not match %q\n%s", strings.Join(c.args, " "), c.dir, c.expect, tail(out.String(), 40))
	}
	if m.Requests, err = r.log.since(from); err != nil {
		return m, err
	}
	serverAfter, err := processCPU(r.serverPID)
	if err != nil {
		return m, err
	}
	m.ServerCPU = serverAfter - serverBefore
	m.PeakRSS, m.ProviderCPU, err = readUsage(r.usageLog)
	return m, err
}

// readUsage sums the lines the provider wrapper wrote: the largest peak, the total CPU.
func readUsage(path string) (peakKiB int64, cpu time.Duration, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, 0, nil // no provider process in this step (terraform_data, percli)
	}
	if err != nil {
		return 0, 0, err
	}
	defer f.Close() //nolint:errcheck // read only
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) != 2 {
			continue
		}
		peak, err1 := strconv.ParseInt(fields[0], 10, 64)
		nanos, err2 := strconv.ParseInt(fields[1], 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		peakKiB = max(peakKiB, peak)
		cpu += time.Duration(nanos)
	}
	return peakKiB, cpu, scanner.Err()
}

func tail(s string, lines int) string {
	parts := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(parts) > lines {
		parts = parts[len(parts)-lines:]
	}
	return strings.Join(parts, "\n")
}

// benchEnv is the environment of the timed commands: this process's, without what would change
// what is measured (the provider's PERSES_* settings, TF_CLI_ARGS, logging), plus settings.
func benchEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		key, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(key, "PERSES_") || strings.HasPrefix(key, "TF_CLI_ARGS") ||
			key == "TF_LOG" || key == "TF_LOG_PROVIDER" || key == "TF_LOG_CORE" || key == "TF_LOG_PATH" ||
			key == "TF_CLI_CONFIG_FILE" || key == "TF_DATA_DIR" || key == "TF_REATTACH_PROVIDERS" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}
