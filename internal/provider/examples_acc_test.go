package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
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
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: accProviders,
				Steps:                    exampleSteps(t, providerConfig(s)+readExample(t, dir)),
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
