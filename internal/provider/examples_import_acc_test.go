package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// importTarget is the address an import example imports into.
var importTarget = regexp.MustCompile(`(?m)^\s*to\s*=\s*(\S+)\s*$`)

// checkImportExamples runs the import examples of a resource (import-by-identity.tf and
// import-by-string-id.tf, which tfplugindocs renders in the resource's documentation) as a user
// adopting the object the resource example made: the example applied, the resource forgotten
// (terraform state rm), then the import example added, planned, applied and planned again. The
// import writes nothing but a secret's values or a user's password, which Perses never gives back; the next plan is
// empty. A CLI without identity refuses the identity example. example is the resource example
// pointed at loopback (see TestAccExamples).
func checkImportExamples(t *testing.T, s *testbed.Server, dir, example string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "import-by-*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if names := []string{"import-by-identity.tf", "import-by-string-id.tf"}; len(files) != 2 ||
		filepath.Base(files[0]) != names[0] || filepath.Base(files[1]) != names[1] {
		t.Fatalf("%s has import examples %v, want %v", dir, files, names)
	}
	config := providerConfig(s) + example
	if !cliSupports(t, featureWriteOnly) {
		config = sensitiveFormOf(config)
	}
	var env []string
	for name := range exampleVariables(example) {
		env = append(env, "TF_VAR_"+name+"=example-value-of-"+name)
	}
	writes := "0"
	if strings.Contains(dir, "secret") || strings.Contains(dir, "perses_user") {
		writes = "1" // the secret's values, or the user's password, which the import cannot read
	}
	t.Run("import", func(t *testing.T) {
		w := newCLIWorkspace(t)
		w.writeConfig(t, config)
		w.mustRun(t, env, "init", "-input=false", "-no-color")
		w.mustRun(t, env, "apply", "-input=false", "-no-color", "-auto-approve")
		defer w.mustRun(t, env, "destroy", "-input=false", "-no-color", "-auto-approve")
		inState := true
		for _, file := range files { // identity first: a CLI without it leaves the resource to the string ID
			content, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			m := importTarget.FindStringSubmatch(string(content))
			if m == nil || !strings.Contains(example, fmt.Sprintf("resource %q %q", strings.Split(m[1], ".")[0], strings.Split(m[1], ".")[1])) {
				t.Fatalf("%s imports into %v, which the resource example does not declare", file, m)
			}
			if inState {
				w.mustRun(t, nil, "state", "rm", "-no-color", m[1])
			}
			target := filepath.Join(w.dir, filepath.Base(file))
			if err := os.WriteFile(target, content, 0o600); err != nil {
				t.Fatal(err)
			}
			identity := strings.HasSuffix(file, "import-by-identity.tf")
			if identity && !cliSupports(t, featureIdentity) {
				out, err := w.run(t, env, "plan", "-input=false", "-no-color")
				if err == nil || !regexp.MustCompile(`(?s)Unsupported argument.*An argument named "identity" is not expected here`).Match(out) {
					t.Fatalf("%s: plan with %s: %v, want the refusal of identity:\n%s", testedCLI(t), filepath.Base(file), err, out)
				}
				inState = false
			} else {
				want := fmt.Sprintf("Plan: 1 to import, 0 to add, %s to change, 0 to destroy.", writes)
				if out := w.mustRun(t, env, "plan", "-input=false", "-no-color"); !strings.Contains(string(out), want) {
					t.Fatalf("plan with %s does not say %q:\n%s", filepath.Base(file), want, out)
				}
				w.mustRun(t, env, "apply", "-input=false", "-no-color", "-auto-approve")
				w.mustRun(t, env, "plan", "-input=false", "-no-color", "-detailed-exitcode")
				inState = true
			}
			if err := os.Remove(target); err != nil {
				t.Fatal(err)
			}
		}
		checkListExample(t, w, env, filepath.Join(dir, "..", "..", "list-resources", filepath.Base(dir), "list-resource.tfquery.hcl"))
	})
}

// listExampleBlock is a list block of a list resource example.
var listExampleBlock = regexp.MustCompile(`(?m)^list "(\w+)" "(\w+)"`)

// checkListExample runs the list resource example of the type (rendered in its documentation)
// with terraform query in w, where the resource example's objects exist: every list block finds
// some. A CLI without terraform query refuses the command.
func checkListExample(t *testing.T, w *cliWorkspace, env []string, file string) {
	t.Helper()
	content, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(w.dir, filepath.Base(file)), content, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := w.run(t, env, "query", "-no-color")
	if !cliSupports(t, featureListResources) {
		if refusal := queryRefusal(t); err == nil || !strings.Contains(string(out), refusal) {
			t.Fatalf("%s: terraform query returned %v, want a refusal saying %q:\n%s", testedCLI(t), err, refusal, out)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	blocks := listExampleBlock.FindAllStringSubmatch(string(content), -1)
	if len(blocks) == 0 {
		t.Fatalf("%s has no list block", file)
	}
	for _, b := range blocks {
		if !regexp.MustCompile(`(?m)^list\.` + b[1] + `\.` + b[2] + `\s`).Match(out) {
			t.Errorf("list block %s.%s of %s found nothing:\n%s", b[1], b[2], file, out)
		}
	}
}
