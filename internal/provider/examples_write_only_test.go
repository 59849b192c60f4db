package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// The examples write secret values in the write-only form, the one the documentation
// recommends. CLIs before 1.11 (Terraform 1.8.5 in make testacc) refuse it, so on those the
// example is not skipped: it is checked to be refused with exactly the framework's message,
// then applied in the form the guide "Secrets without state" tells users of such CLIs to write:
// each `<value>_wo = ...` as `<value> = ...` (Sensitive, kept in the state), without
// `<value>_wo_version`, and variables without `ephemeral = true` (an argument those CLIs do not
// know). Both forms of every example thus run on every CLI that can run them.

var (
	writeOnlyArgument = regexp.MustCompile(`(?m)^(\s*\w+)_wo(\s*=)`)
	writeOnlyVersion  = regexp.MustCompile(`(?m)^\s*\w+_wo_version\s*=.*\n`)
	ephemeralArgument = regexp.MustCompile(`(?m)^\s*ephemeral\s*=\s*true\b.*\n`)
	declaredVariable  = regexp.MustCompile(`(?m)^variable\s+"(\w+)"`)
)

// exampleSteps are the steps that apply one example (see above).
func exampleSteps(t *testing.T, example string) []resource.TestStep {
	t.Helper()
	vars := exampleVariables(example)
	if !writeOnlyArgument.MatchString(example) || cliSupports(t, featureWriteOnly) {
		return []resource.TestStep{{Config: example, ConfigVariables: vars}}
	}
	return []resource.TestStep{
		{Config: ephemeralArgument.ReplaceAllString(example, ""), ConfigVariables: vars, PlanOnly: true, ExpectError: writeOnlyRefusalOf("")},
		{Config: sensitiveFormOf(example), ConfigVariables: vars},
	}
}

// sensitiveFormOf rewrites an example for a CLI without write-only attributes.
func sensitiveFormOf(example string) string {
	example = ephemeralArgument.ReplaceAllString(example, "")
	example = writeOnlyVersion.ReplaceAllString(example, "")
	return writeOnlyArgument.ReplaceAllString(example, "$1$2")
}

// exampleVariables gives every variable an example declares a test value, as a user gives one
// with TF_VAR_<name> (the examples declare secrets as variables, never as literals).
func exampleVariables(example string) config.Variables {
	vars := config.Variables{}
	for _, m := range declaredVariable.FindAllStringSubmatch(example, -1) {
		vars[m[1]] = config.StringVariable("example-value-of-" + m[1])
	}
	return vars
}

func TestSensitiveFormOfExample(t *testing.T) {
	example := `variable "token" {
  type      = string
  sensitive = true
  ephemeral = true # not in a saved plan
}
resource "perses_global_secret" "x" {
  authorization = {
    credentials_wo         = var.token # sent as a bearer token
    credentials_wo_version = 1
  }
}
`
	want := `variable "token" {
  type      = string
  sensitive = true
}
resource "perses_global_secret" "x" {
  authorization = {
    credentials         = var.token # sent as a bearer token
  }
}
`
	if got := sensitiveFormOf(example); got != want {
		t.Errorf("sensitiveFormOf:\n%s\nwant:\n%s", got, want)
	}
	if vars := exampleVariables(example); len(vars) != 1 || vars["token"] == nil {
		t.Errorf("exampleVariables = %v", vars)
	}
}
