package provider

import (
	"context"
	"os"
	"runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
)

// Serve serves the provider to Terraform or OpenTofu (the release binary and the benchmark's
// profiled build both), without the log lines the CLI would drop (see silenceDroppedLogs).
func Serve(ctx context.Context, version string, debugMode bool) error {
	if err := silenceDroppedLogs(debugMode, os.Getenv, os.Setenv); err != nil {
		return err
	}
	limitMemory(os.Getenv, debug.SetMemoryLimit)
	return providerserver.Serve(ctx, New(version), providerserver.ServeOpts{Address: Address, Debug: debugMode})
}

// memoryLimit is the provider's soft memory limit (GOMEMLIMIT) unless the environment sets one.
// What the provider holds does not grow with the configuration (the requests in flight, bounded by
// -parallelism, and one list per scope), but the garbage collector's default pacing lets the heap
// grow to twice that before collecting: a provider process of a plan of 1000 datasources would
// peak near 170 MiB of RSS where ~110 MiB is enough, for a few percent more CPU (make bench).
const memoryLimit = 96 << 20

// limitMemory sets memoryLimit, unless GOMEMLIMIT says otherwise (the runtime has read it then).
func limitMemory(getenv func(string) string, set func(int64) int64) {
	if getenv("GOMEMLIMIT") == "" {
		set(memoryLimit)
	}
}

// Terraform and OpenTofu show a provider's log lines only when TF_LOG or TF_LOG_PROVIDER is set:
// otherwise their plugin logger is at level Off and drops every line the provider writes
// (internal/logging.providerLogLevel in both). The plugin SDKs log at TRACE unless told otherwise,
// so a provider that is not told formats a JSON line per SDK step for nobody: a fifth of the
// provider's CPU in a no-op plan of 1000 datasources (`make bench-profile`). When the CLI drops
// them, the provider does not write them.

// droppedLogLevels are the provider's log level variables (terraform-plugin-log): the SDK root
// and its protocol and framework subsystems, and this provider's own logger.
var droppedLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_PERSES"}

// silenceDroppedLogs turns the provider's logs off when the CLI that started it would drop them.
// It leaves them alone when TF_LOG or TF_LOG_PROVIDER is set (what the user asked to see is
// logged as before) and in -debug mode (the logs go to the developer's terminal).
func silenceDroppedLogs(debug bool, getenv func(string) string, setenv func(string, string) error) error {
	if debug || getenv("TF_LOG") != "" || getenv("TF_LOG_PROVIDER") != "" {
		return nil
	}
	for _, name := range droppedLogLevels {
		if err := setenv(name, "OFF"); err != nil {
			return err
		}
	}
	return nil
}
