// Command terraform-provider-perses serves the Perses provider to Terraform and OpenTofu.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/perses/terraform-provider-perses/internal/provider"
)

// version is set by the release build (goreleaser) through -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()

	if err := provider.Serve(context.Background(), version, debug); err != nil {
		log.Fatal(err.Error())
	}
}
