package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

func printUsage() {
	fmt.Fprintf(os.Stderr, usage, testbed.CacheDir())
}

// toolNames are the names `tools` accepts, in the order `all` builds them: Perses first,
// since every test needs it.
var toolNames = []string{"perses", "terraform", "terraform-1.15", "tofu", "golangci-lint", "tfplugindocs", "goreleaser"}

// ensureTool builds (if needed) the named tool and returns its name=path pairs.
func ensureTool(ctx context.Context, name string) ([][2]string, error) {
	w := os.Stderr
	var (
		path string
		err  error
	)
	if version, ok := strings.CutPrefix(name, "perses@"); ok || name == "perses" {
		if !ok {
			version = testbed.PersesVersion
		}
		// perses@v0.52.0: an older supported version (make testacc-versions), built on first use.
		server, cli, err := testbed.EnsurePersesVersion(ctx, w, version)
		if err != nil {
			return nil, err
		}
		return [][2]string{{"perses", server}, {"percli", cli}}, nil
	}
	switch name {
	case "terraform", "terraform-1.15", "tofu":
		path, err = ensureCLI(ctx, name)
	case "golangci-lint":
		path, err = testbed.EnsureGolangciLint(ctx, w)
	case "tfplugindocs":
		path, err = testbed.EnsureTFPluginDocs(ctx, w)
	case "goreleaser":
		path, err = testbed.EnsureGoreleaser(ctx, w)
	default:
		return nil, fmt.Errorf("unknown tool %q (want one of %s, perses@<version>, or all)", name, strings.Join(toolNames, ", "))
	}
	if err != nil {
		return nil, err
	}
	return [][2]string{{name, path}}, nil
}

// cliNames are the CLIs the acceptance suite runs on (`env`, make testacc-<name>): the oldest
// supported Terraform, the current one and OpenTofu.
var cliNames = []string{"terraform", "terraform-1.15", "tofu"}

// ensureCLI builds (if needed) the named CLI and returns its path.
func ensureCLI(ctx context.Context, name string) (string, error) {
	switch name {
	case "terraform":
		return testbed.EnsureTerraform(ctx, os.Stderr)
	case "terraform-1.15":
		return testbed.EnsureTerraform115(ctx, os.Stderr)
	case "tofu":
		return testbed.EnsureOpenTofu(ctx, os.Stderr)
	}
	return "", fmt.Errorf("unknown CLI %q (want one of %s)", name, strings.Join(cliNames, ", "))
}

// toolsCmd runs `testbed tools [name|all]...`.
func toolsCmd(ctx context.Context, args []string) error {
	if len(args) == 0 {
		args = []string{"all"}
	}
	var names []string
	for _, a := range args {
		if a == "all" {
			names = append(names, toolNames...)
		} else {
			names = append(names, a)
		}
	}
	seen := map[string]bool{}
	for _, name := range names {
		if seen[name] {
			continue
		}
		seen[name] = true
		pairs, err := ensureTool(ctx, name)
		if err != nil {
			return err
		}
		for _, p := range pairs {
			fmt.Printf("%s=%s\n", p[0], p[1])
		}
	}
	return nil
}

// cliConfigCmd runs `testbed cliconfig`.
func cliConfigCmd() error {
	path, err := testbed.EmptyCLIConfig()
	if err != nil {
		return err
	}
	fmt.Println(path)
	return nil
}
