// Command testbed builds the tools the project is tested with and runs a local Perses server.
// The GNUmakefile calls it; see usage for the commands.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

const usage = `usage: testbed <command> [arguments]

Tools are built on first use into the cache (%s), keyed by version;
later runs take seconds. Progress goes to stderr. Every tool comes from the Go module proxy but
Terraform 1.15, built from ../shared/sources/terraform-v1.15.9.tar.gz (from the repository
root; PERSES_TF_TERRAFORM_1_15_SOURCE names another copy, PERSES_TF_TERRAFORM_1_15_BIN a
Terraform 1.15 binary to use instead).

  tools [perses|perses@<version>|terraform|terraform-1.15|tofu|golangci-lint|tfplugindocs|goreleaser|all]...
        build what is missing and print name=path lines (default: all)
  cliconfig
        print the path of an empty Terraform CLI config (for TF_CLI_CONFIG_FILE)
  env terraform|terraform-1.15|tofu
        print shell export lines for acceptance tests with that CLI (Terraform 1.8.5,
        Terraform 1.15.9, OpenTofu 1.12.6): eval "$(testbed env tofu)"
  clis
        print the names env accepts, one per line (the CLIs every CLI test runs on)
  perses-versions
        print the older supported Perses versions, one per line (make testacc-versions runs
        its compatibility subset on each; tools perses@<version> builds one)
  release-snapshot [-dist dist] [-platforms all|host|os_arch,...] [-sign auto|throwaway|none]
        build the release archives with goreleaser (from the repository root), check them
        and list them with their sizes
  up [-auth] [-case-sensitive] [-port 8080]
        start a local Perses in the background with an empty database
  url
        print the URL of the server started by up
  down
        stop the server started by up
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		msg := err.Error()
		if !strings.HasPrefix(msg, "testbed:") { // errors of the testbed package carry it already
			msg = "testbed: " + msg
		}
		fmt.Fprintln(os.Stderr, msg)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		printUsage()
		return fmt.Errorf("missing command")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "tools":
		return toolsCmd(ctx, rest)
	case "cliconfig":
		return cliConfigCmd()
	case "clis":
		fmt.Println(strings.Join(cliNames, "\n"))
		return nil
	case "perses-versions":
		fmt.Println(strings.Join(testbed.OlderPersesVersions, "\n"))
		return nil
	case "env":
		return envCmd(ctx, rest)
	case "release-snapshot":
		return releaseSnapshotCmd(ctx, rest)
	case "up":
		return upCmd(ctx, rest)
	case "url":
		return urlCmd()
	case "down":
		return downCmd()
	case "help", "-h", "-help", "--help":
		printUsage()
		return nil
	default:
		printUsage()
		return fmt.Errorf("unknown command %q", cmd)
	}
}
