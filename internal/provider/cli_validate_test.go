package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// terraform-plugin-testing runs plan and apply, which stop at the first error and never show
// warnings to the test. cliValidator runs `validate -json` with the CLI of the acceptance tests
// (TF_ACC_TERRAFORM_PATH, Terraform or OpenTofu) instead: it reports every diagnostic, warnings
// included, exactly as a user's CI sees them. The provider is served from the test process and
// the CLI attaches to it (TF_REATTACH_PROVIDERS), as terraform-plugin-testing does.

// offlineProviderConfig points the provider at a port nothing listens on: validation must not
// need the server.
const offlineProviderConfig = requiredProviders + `provider "perses" {
  url = "http://127.0.0.1:1"
}
`

type cliValidator struct {
	cli string
	dir string
}

// newCLIValidator prepares a working directory holding the offline provider configuration and
// runs `init` there once.
func newCLIValidator(t *testing.T) *cliValidator {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set: run the acceptance tests with make testacc")
	}
	v := &cliValidator{cli: cli, dir: t.TempDir()}
	if err := os.WriteFile(filepath.Join(v.dir, "provider.tf"), []byte(offlineProviderConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := v.run(t, "init", "-input=false", "-no-color"); err != nil {
		t.Fatal(err)
	}
	return v
}

// cliDiagnostic is a diagnostic of `validate -json`.
type cliDiagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Address  string `json:"address"`
}

// validate runs `validate -json` on config (as main.tf beside the provider configuration).
func (v *cliValidator) validate(t *testing.T, config string) []corpusDiagnostic {
	t.Helper()
	main := filepath.Join(v.dir, "main.tf")
	if err := os.WriteFile(main, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(main)
	// validate exits with 1 when the configuration is invalid: the JSON says why.
	stdout, err := v.run(t, "validate", "-json", "-no-color")
	var output struct {
		Diagnostics []cliDiagnostic `json:"diagnostics"`
	}
	if jsonErr := json.Unmarshal(stdout, &output); jsonErr != nil {
		t.Fatalf("validate: %v (output %q): %v", jsonErr, stdout, err)
	}
	diags := make([]corpusDiagnostic, 0, len(output.Diagnostics))
	for _, d := range output.Diagnostics {
		diags = append(diags, corpusDiagnostic{severity: d.Severity, summary: d.Summary, address: d.Address, detail: d.Detail})
	}
	return diags
}

// run runs the CLI in the working directory with the provider served from this process.
func (v *cliValidator) run(t *testing.T, args ...string) ([]byte, error) {
	t.Helper()
	reattach, stop := serveProvider(t)
	defer stop()
	cmd := exec.Command(v.cli, args...)
	cmd.Dir = v.dir
	cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), fmt.Errorf("%s %v: %w\n%s", filepath.Base(v.cli), args, err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// serveProvider serves a fresh provider in this process until stop is called, and returns the
// TF_REATTACH_PROVIDERS value that points the CLI at it.
func serveProvider(t *testing.T) (reattachProviders string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve(Address, providerServer,
			tf6server.WithDebug(ctx, reattach, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			// The provider's logs follow TF_LOG, as in terraform-plugin-testing.
			tf6server.WithLoggingSink(t))
	}()
	var config *plugin.ReattachConfig
	select {
	case config = <-reattach:
	case err := <-served:
		cancel()
		t.Fatalf("serving the provider: %v", err)
	}
	stop = func() {
		cancel()
		<-closed
	}
	// The address under which the CLI looks the provider up: each CLI resolves source
	// "perses/perses" on its own registry host (make testacc sets it for OpenTofu).
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	value, err := json.Marshal(map[string]any{host + "/perses/perses": map[string]any{
		"Protocol":        string(config.Protocol),
		"ProtocolVersion": config.ProtocolVersion,
		"Pid":             config.Pid,
		"Test":            config.Test,
		"Addr":            map[string]string{"Network": config.Addr.Network(), "String": config.Addr.String()},
	}})
	if err != nil {
		stop()
		t.Fatal(err)
	}
	return string(value), stop
}

func providerServer() tfprotov6.ProviderServer { return providerserver.NewProtocol6(New("test")())() }
