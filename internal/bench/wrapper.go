package bench

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

// The provider's peak memory is measured on the processes Terraform and OpenTofu really start:
// the dev_overrides directory the CLIs use holds, under the provider's name, a link to the
// benchmark's own binary, which (seeing envRealProvider) runs the real provider as its child and,
// when it exits, appends the child's kernel-kept peak RSS (ru_maxrss of wait4) and CPU time to
// envUsageLog. Nothing is sampled, so no short peak is missed, and each command's provider
// processes (one per graph walk) are measured as users run them. The provider's -debug
// (reattach) mode is not used: it keeps one provider process across CLI commands, which is not
// how users run it.
const (
	envRealProvider = "PERSES_BENCH_REAL_PROVIDER"
	envUsageLog     = "PERSES_BENCH_USAGE_LOG"
)

// RunProviderWrapperIfAsked turns this process into the provider wrapper when the CLI started it
// as the provider (envRealProvider is set); it then never returns. Call it first thing in main
// (and in TestMain of a test that runs the benchmark).
func RunProviderWrapperIfAsked() {
	provider := os.Getenv(envRealProvider)
	if provider == "" {
		return
	}
	os.Exit(wrapProvider(provider, os.Getenv(envUsageLog)))
}

func wrapProvider(provider, usageLog string) int {
	cmd := exec.Command(provider, os.Args[1:]...) //nolint:gosec // the path is the benchmark's own provider build
	// The child writes go-plugin's handshake line to the very stdout the CLI reads.
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = os.Environ()
	// Caught (not ignored) signals are forwarded: an ignored one would be inherited by the child.
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "bench provider wrapper: %v\n", err)
		return 1
	}
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()
	_ = cmd.Wait()
	signal.Stop(signals)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && usageLog != "" {
		recordUsage(usageLog, ru.Maxrss, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
	}
	return cmd.ProcessState.ExitCode()
}

// recordUsage appends one "peakKiB cpuNanoseconds" line; one short O_APPEND write per process,
// so concurrent provider processes do not interleave.
func recordUsage(path string, peakKiB int64, cpu time.Duration) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return
	}
	_, _ = fmt.Fprintf(f, "%d %d\n", peakKiB, cpu.Nanoseconds())
	_ = f.Close()
}
