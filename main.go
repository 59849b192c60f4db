// Command terraform-provider-perses serves the Perses provider to Terraform and OpenTofu.
package main

import (
	"context"
	"flag"
	"log"
	"runtime/debug"
	"strings"

	"github.com/perses/terraform-provider-perses/internal/provider"
)

// version is the provider's semantic version without the "v" (1.2.3). Release builds
// (goreleaser: the tag) and `make build` (git describe) set it with -ldflags "-X main.version=...".
var version string

func main() {
	var debugMode bool
	flag.BoolVar(&debugMode, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()

	if err := provider.Serve(context.Background(), providerVersion(version, debug.ReadBuildInfo), debugMode); err != nil {
		log.Fatal(err.Error())
	}
}

// providerVersion is the version the provider reports (User-Agent, provider metadata): the one
// set by -ldflags, else the module version Go recorded (`go install ...@v1.2.3`, or a
// pseudo-version from the VCS of the checkout), else "dev".
func providerVersion(ldflags string, buildInfo func() (*debug.BuildInfo, bool)) string {
	if ldflags != "" {
		return ldflags
	}
	if info, ok := buildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return strings.TrimPrefix(info.Main.Version, "v")
	}
	return "dev"
}
