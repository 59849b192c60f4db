package provider

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// make testacc runs the acceptance suite with three CLIs (Terraform 1.8.5, Terraform 1.15.9,
// OpenTofu 1.12.6). A test about a feature some of them lack asks testedCLI which one runs it and
// what it supports, then asserts what that CLI does (the feature, or its refusal): it never skips.

// cliFeature is a Terraform language or protocol feature the provider uses that only recent CLIs
// have.
type cliFeature string

const (
	// featureWriteOnly: write-only attributes (`password_wo`), never stored in state or plan.
	featureWriteOnly cliFeature = "write-only attributes"
	// featureIdentity: resource identity in the state and `import { identity = {...} }`.
	featureIdentity cliFeature = "resource identity"
	// featureListResources: list resources, read by `terraform query` (.tfquery.hcl files).
	featureListResources cliFeature = "list resources (terraform query)"
)

// cliFeatureSince is the first version of each CLI with a feature; a CLI missing from a
// feature's map has no release with it.
var cliFeatureSince = map[cliFeature]map[string][2]int{
	featureWriteOnly: {"Terraform": {1, 11}, "OpenTofu": {1, 11}},
	// OpenTofu stores identities and accepts `identity` in import blocks from 1.12.0 (its
	// CHANGELOG, #3671).
	featureIdentity: {"Terraform": {1, 12}, "OpenTofu": {1, 12}},
	// OpenTofu 1.12 has no query command (cmd/tofu/commands.go), though its protocol copy
	// declares ListResource.
	featureListResources: {"Terraform": {1, 14}},
}

// cliVersion is a CLI as its `version` command names it.
type cliVersion struct {
	name         string // "Terraform" or "OpenTofu"
	version      string // e.g. "1.15.9", or "1.15.9-dev" for a build without the release ldflags
	major, minor int
}

func (c cliVersion) String() string { return c.name + " v" + c.version }

// supports reports whether the CLI has the feature, by its name and version.
func (c cliVersion) supports(f cliFeature) bool {
	since, ok := cliFeatureSince[f][c.name]
	return ok && (c.major > since[0] || (c.major == since[0] && c.minor >= since[1]))
}

// cliVersionLine is the line of `version` that names the CLI; OpenTofu may print warnings (about
// the CLI configuration) before it.
var cliVersionLine = regexp.MustCompile(`(?m)^(Terraform|OpenTofu) v((\d+)\.(\d+)\.\d+\S*)\s*$`)

// parseCLIVersion reads the output of `terraform version` / `tofu version`.
func parseCLIVersion(output string) (cliVersion, error) {
	m := cliVersionLine.FindStringSubmatch(output)
	if m == nil {
		return cliVersion{}, fmt.Errorf("no line \"Terraform vX.Y.Z\" or \"OpenTofu vX.Y.Z\" in the version output:\n%s", output)
	}
	major, _ := strconv.Atoi(m[3])
	minor, _ := strconv.Atoi(m[4])
	return cliVersion{name: m[1], version: m[2], major: major, minor: minor}, nil
}

var testedCLIOnce = sync.OnceValues(func() (cliVersion, error) {
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		return cliVersion{}, fmt.Errorf("TF_ACC_TERRAFORM_PATH is not set: run the acceptance tests with make testacc")
	}
	cmd := exec.Command(path, "version")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return cliVersion{}, fmt.Errorf("%s version: %w", path, err)
	}
	v, err := parseCLIVersion(string(out))
	if err != nil {
		return cliVersion{}, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
})

// testedCLI is the CLI the acceptance tests run (TF_ACC_TERRAFORM_PATH), read once.
func testedCLI(t testing.TB) cliVersion {
	t.Helper()
	v, err := testedCLIOnce()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// cliSupports reports whether the CLI of the acceptance tests has the feature. Tests use it to
// choose what to assert (the feature, or the CLI's refusal), never to skip.
func cliSupports(t testing.TB, f cliFeature) bool {
	t.Helper()
	return testedCLI(t).supports(f)
}

func TestCLIFeatures(t *testing.T) {
	for _, tc := range []struct {
		output string
		want   string
		// the features the CLI has, in the order write-only, identity, list resources
		writeOnly, identity, list bool
	}{
		{output: "Terraform v1.8.5\non linux_amd64\n", want: "Terraform v1.8.5"},
		{output: "Terraform v1.10.5\non linux_amd64\n", want: "Terraform v1.10.5"},
		{output: "Terraform v1.11.0\non linux_amd64\n", want: "Terraform v1.11.0", writeOnly: true},
		{output: "Terraform v1.12.2\non linux_amd64\n", want: "Terraform v1.12.2", writeOnly: true, identity: true},
		{output: "Terraform v1.15.9\non linux_amd64\n", want: "Terraform v1.15.9", writeOnly: true, identity: true, list: true},
		{output: "Terraform v1.15.9-dev\non linux_amd64\n", want: "Terraform v1.15.9-dev", writeOnly: true, identity: true, list: true},
		{output: "Terraform v2.0.0\n", want: "Terraform v2.0.0", writeOnly: true, identity: true, list: true},
		{output: "OpenTofu v1.10.7\non linux_amd64\n", want: "OpenTofu v1.10.7"},
		{output: "OpenTofu v1.11.1\non linux_amd64\n", want: "OpenTofu v1.11.1", writeOnly: true},
		{
			output: "╷\n│ Warning: Unable to open CLI configuration file\n╵\n\nOpenTofu v1.12.6\non linux_amd64\n",
			want:   "OpenTofu v1.12.6", writeOnly: true, identity: true,
		},
		{output: "OpenTofu v1.14.0\n", want: "OpenTofu v1.14.0", writeOnly: true, identity: true},
	} {
		t.Run(tc.want, func(t *testing.T) {
			v, err := parseCLIVersion(tc.output)
			if err != nil {
				t.Fatal(err)
			}
			if v.String() != tc.want {
				t.Errorf("parsed %q, want %q", v, tc.want)
			}
			for f, want := range map[cliFeature]bool{featureWriteOnly: tc.writeOnly, featureIdentity: tc.identity, featureListResources: tc.list} {
				if got := v.supports(f); got != want {
					t.Errorf("%s supports %s: %t, want %t", v, f, got, want)
				}
			}
		})
	}
}

func TestCLIFeaturesRejectsUnknownVersionOutput(t *testing.T) {
	for _, output := range []string{"", "Terraform 1.15.9\n", "Terraformer v1.15.9\n", "OpenTofu v1.12\n", "tofu v1.12.6\n"} {
		_, err := parseCLIVersion(output)
		want := "no line \"Terraform vX.Y.Z\" or \"OpenTofu vX.Y.Z\" in the version output:\n" + output
		if err == nil || err.Error() != want {
			t.Errorf("parseCLIVersion(%q): %v, want %s", output, err, strings.TrimSpace(want))
		}
	}
}
