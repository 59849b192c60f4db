package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// TestAccExamples applies every example of the documentation, so that none can rot: each
// resource and data source example with a provider block for the test server, then the
// quickstart as `make demo` runs it (configured from PERSES_URL alone). Each is destroyed before
// the next, as their names overlap on purpose (they read like real configurations).
func TestAccExamples(t *testing.T) {
	s := accServerAuthOff(t)
	dirs, err := filepath.Glob(filepath.Join("..", "..", "examples", "*", "perses_*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no examples found: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(filepath.Dir(dir))+"/"+filepath.Base(dir), func(t *testing.T) {
			example := providerConfig(s) + readExample(t, dir)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: accProviders,
				Steps:                    allowFailingChecks(example, exampleSteps(t, example)),
			})
		})
	}
	t.Run("quickstart", func(t *testing.T) {
		t.Setenv(envURL, s.URL)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: accProviders,
			Steps:                    []resource.TestStep{{Config: readExample(t, filepath.Join("..", "..", "examples", "quickstart"))}},
		})
	})
}

// checkBlock finds a check block in an example.
var checkBlock = regexp.MustCompile(`(?m)^check\s+"`)

// allowFailingChecks lets an example's check blocks fail: they probe backends that exist where
// the example is used, not next to the test server. Terraform then plans to read their data
// sources again after every apply, and nothing else: the steps expect exactly that.
func allowFailingChecks(example string, steps []resource.TestStep) []resource.TestStep {
	if !checkBlock.MatchString(example) {
		return steps
	}
	for i := range steps {
		if steps[i].ExpectError != nil || steps[i].PlanOnly {
			continue
		}
		steps[i].ExpectNonEmptyPlan = true
		steps[i].ConfigPlanChecks.PostApplyPreRefresh = append(steps[i].ConfigPlanChecks.PostApplyPreRefresh, onlyDataReads{})
		steps[i].ConfigPlanChecks.PostApplyPostRefresh = append(steps[i].ConfigPlanChecks.PostApplyPostRefresh, onlyDataReads{})
	}
	return steps
}

// onlyDataReads fails unless every planned change is a data source read.
type onlyDataReads struct{}

func (onlyDataReads) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		for _, action := range rc.Change.Actions {
			if action != tfjson.ActionNoop && (action != tfjson.ActionRead || rc.Mode != tfjson.DataResourceMode) {
				resp.Error = fmt.Errorf("%s: planned %s, want only the data source reads of check blocks", rc.Address, action)
				return
			}
		}
	}
}

func readExample(t *testing.T, dir string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .tf file in %s: %v", dir, err)
	}
	var b strings.Builder
	for _, f := range files {
		content, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(content)
		b.WriteString("\n")
	}
	return b.String()
}
