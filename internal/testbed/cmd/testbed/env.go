package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// envCmd runs `testbed env <cli>`: it prints the environment terraform-plugin-testing needs to
// run acceptance tests with that CLI (one of cliNames), as shell export lines.
func envCmd(ctx context.Context, args []string) error {
	if len(args) != 1 || !slices.Contains(cliNames, args[0]) {
		return fmt.Errorf("usage: testbed env %s", strings.Join(cliNames, "|"))
	}
	cli, err := ensureCLI(ctx, args[0])
	if err != nil {
		return err
	}
	cliConfig, err := testbed.EmptyCLIConfig()
	if err != nil {
		return err
	}
	lines := []string{
		"export TF_ACC=1",
		"export TF_ACC_TERRAFORM_PATH=" + shellQuote(cli),
		// The machine's TF_CLI_CONFIG_FILE may name a missing file, which breaks OpenTofu's
		// version output: use an empty config of our own.
		"export TF_CLI_CONFIG_FILE=" + shellQuote(cliConfig),
		// No calls to HashiCorp's checkpoint service (the network is closed in CI).
		"export CHECKPOINT_DISABLE=1",
	}
	// terraform-plugin-testing addresses the provider as <host>/<namespace>/perses; the tests'
	// configurations say source = "perses/perses", which each CLI resolves on its own registry
	// host (both Terraform versions on registry.terraform.io, the default).
	lines = append(lines, "export TF_ACC_PROVIDER_NAMESPACE=perses")
	if args[0] == "tofu" {
		lines = append(lines, "export TF_ACC_PROVIDER_HOST=registry.opentofu.org")
	} else {
		lines = append(lines, "unset TF_ACC_PROVIDER_HOST")
	}
	fmt.Println(strings.Join(lines, "\n"))
	return nil
}

// shellQuote quotes s for POSIX shells.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
