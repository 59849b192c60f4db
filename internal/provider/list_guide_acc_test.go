package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// The guide "Adopt an existing Perses" is a script: TestAccAdoptGuide runs every command of its
// ```shell blocks, section after section, in a working directory holding the files the guide
// shows (examples/adopt-existing-perses), against a server filled by percli apply with the
// world of newAdoptionWorld. The guide cannot drift from the test: a shell block in a section
// no route runs, a command without its expected outcome, or an expectation no command meets
// fails it; so do the numbers the guide states (objects, the plan's summary).

const adoptGuide = "../../templates/guides/adopt-existing-perses.md.tmpl"

// guideURL is the server URL the guide names; the test runs its commands against its own.
const guideURL = "https://perses.example.com"

// The sections of the guide, by heading, and the two ways through it.
const (
	guideConfigure = "Configure the provider"
	guideQuery     = "With terraform query (Terraform 1.14+)"
	guideImports   = "With import blocks (Terraform 1.5+, OpenTofu)"
	guideSecrets   = "Supply the secret values"
	guideImport    = "Import"
	guideCase      = "Servers that are not case-sensitive"
)

var adoptRoutes = map[string][]string{
	"query":         {guideConfigure, guideQuery, guideSecrets, guideImport, guideCase},
	"import-blocks": {guideConfigure, guideImports, guideSecrets, guideImport, guideCase},
}

// guideCommands reads the commands of the guide's ```shell blocks, by section heading (## ...).
func guideCommands(t *testing.T, guide string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	section := ""
	inShell := false
	for _, line := range strings.Split(guide, "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			section = strings.TrimPrefix(line, "## ")
		case line == "```shell":
			inShell = true
		case inShell && line == "```":
			inShell = false
		case inShell && strings.TrimSpace(line) != "":
			out[section] = append(out[section], strings.TrimSpace(line))
		}
	}
	return out
}

// guideExamples holds the files the guide shows ({{ tffile "examples/adopt-existing-perses/..." }}).
const guideExamples = "examples/adopt-existing-perses"

var guideFileInclude = regexp.MustCompile(`\{\{ tffile "` + guideExamples + `/([^"]+)" \}\}`)

// guideFiles are the files the guide shows from guideExamples, by section, as paths in the
// user's directory.
func guideFiles(guide string) map[string][]string {
	out := map[string][]string{}
	section := ""
	for _, line := range strings.Split(guide, "\n") {
		if strings.HasPrefix(line, "## ") {
			section = strings.TrimPrefix(line, "## ")
		}
		if m := guideFileInclude.FindStringSubmatch(line); m != nil {
			out[section] = append(out[section], m[1])
		}
	}
	return out
}

// guideExpectation is what a command of the guide must do.
type guideExpectation struct {
	exit     int
	contains []string
	// check inspects the output (and the working directory) further.
	check func(t *testing.T, g *guideShell, out string)
}

// guideShell runs the guide's commands as a user's shell does: `terraform` is the CLI under test
// (OpenTofu's too, as the guide says), percli the test bed's, HOME a directory of the test's,
// the provider served from this process.
type guideShell struct {
	w      *cliWorkspace
	env    []string
	cli    cliVersion
	server *testbed.Server
}

func newGuideShell(t *testing.T, s *testbed.Server) *guideShell {
	t.Helper()
	w := newUntracedCLIWorkspace(t)
	_, percli, err := testbed.EnsurePerses(t.Context(), os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	bin, home := filepath.Join(w.dir, ".bin"), t.TempDir()
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"terraform": w.cli, "percli": percli} {
		if err := os.Symlink(target, filepath.Join(bin, name)); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "HOME="+home,
		"TF_REATTACH_PROVIDERS="+w.reattach, "CHECKPOINT_DISABLE=1", "TF_LOG=", "TF_LOG_PATH=")
	return &guideShell{w: w, env: env, cli: testedCLI(t), server: s}
}

// copyFile copies a file of the repository into the working directory.
func (g *guideShell) copyFile(t *testing.T, from, to string, transform func(string) string) {
	t.Helper()
	content, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(g.w.dir, to)
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	text := string(content)
	if transform != nil {
		text = transform(text)
	}
	if err := os.WriteFile(target, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// export runs an export line of the guide: the variable is then set for the CLI and for the
// provider, which this process serves (PERSES_URL is the provider's).
func (g *guideShell) export(t *testing.T, command string) {
	t.Helper()
	name, _, _ := strings.Cut(strings.TrimPrefix(command, "export "), "=")
	value, exit := g.run(t, command+"\nprintf %s \"$"+name+"\"")
	if exit != 0 {
		t.Fatalf("%q exited %d:\n%s", command, exit, value)
	}
	t.Setenv(name, value)
	g.env = append(g.env, name+"="+value)
}

// ansiColor is how the CLIs color their output in a terminal-less run too.
var ansiColor = regexp.MustCompile("\x1b\\[[0-9;]*m")

// run runs one command of the guide with bash (redirections included) and returns its output
// and exit code; `apply` gets "yes" on its standard input, as a user types it.
func (g *guideShell) run(t *testing.T, command string) (string, int) {
	t.Helper()
	cmd := exec.Command("bash", "-c", strings.ReplaceAll(command, guideURL, g.server.URL))
	cmd.Dir, cmd.Env, cmd.Stdin = g.w.dir, g.env, strings.NewReader("yes\n")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	text := ansiColor.ReplaceAllString(out.String(), "")
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return text, exit.ExitCode()
	case err != nil:
		t.Fatalf("running %q: %v", command, err)
	}
	return text, 0
}

// TestAccAdoptGuide adopts a Perses of 54 objects made by percli, as the guide says: with
// terraform query on a CLI that has it (the other CLIs' refusal of the command is asserted), and
// with import blocks on every CLI; both end with an empty plan.
func TestAccAdoptGuide(t *testing.T) {
	content, err := os.ReadFile(adoptGuide)
	if err != nil {
		t.Fatal(err)
	}
	guide := string(content)
	commands := guideCommands(t, guide)
	for section := range commands {
		covered := false
		for _, route := range adoptRoutes {
			covered = covered || slices.Contains(route, section)
		}
		if !covered {
			t.Errorf("the guide has commands in section %q, which no route of this test runs", section)
		}
	}
	world := newAdoptionWorld()
	all := slices.Concat(slices.Collect(maps.Values(commands))...)
	for command := range adoptExpectations(t, guide, world) {
		if !slices.Contains(all, command) {
			t.Errorf("this test expects an outcome of %q, which the guide does not run", command)
		}
	}
	if want := fmt.Sprintf("with %d objects of every kind", world.size()); !strings.Contains(strings.Join(strings.Fields(guide), " "), want) {
		t.Errorf("the guide does not say %q", want)
	}
	for _, name := range []string{"query", "import-blocks"} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			if runAdoptRoute(t, guide, commands, world, name) {
				t.Logf("%s: %d objects made by percli adopted, plan empty, in %s with %s", name, world.size(), time.Since(start).Round(100*time.Millisecond), testedCLI(t))
			} else {
				t.Logf("%s: %s refuses terraform query, as asserted", name, testedCLI(t))
			}
		})
	}
}

// runAdoptRoute runs the guide's commands of one route; it reports false when the CLI refused
// terraform query (asserted), true when the route adopted the world.
func runAdoptRoute(t *testing.T, guide string, commands map[string][]string, world *adoptionWorld, route string) bool {
	s := accFreshServer(t, testbed.ServerOptions{})
	world.percliApply(t, s)
	g := newGuideShell(t, s)
	writeOnly := g.cli.supports(featureWriteOnly)
	forCLI := func(hcl string) string {
		if writeOnly {
			return hcl
		}
		return sensitiveFormOf(hcl)
	}
	files := guideFiles(guide)
	expect := adoptExpectations(t, guide, world)
	for _, section := range adoptRoutes[route] {
		// The files the section shows, where it says to write them.
		for _, file := range files[section] {
			transform := forCLI
			if !strings.HasSuffix(file, "variables.tf") {
				transform = nil
			}
			g.copyFile(t, filepath.Join("..", "..", guideExamples, file), file, transform)
		}
		if section == guideSecrets {
			supplySecretValues(t, g, world, writeOnly, route == "query", guide)
		}
		for _, command := range commands[section] {
			if strings.HasPrefix(command, "export ") {
				g.export(t, command)
				continue
			}
			e, ok := expect[command]
			if !ok {
				t.Fatalf("the guide's command %q (section %q) has no expected outcome in this test", command, section)
			}
			out, exit := g.run(t, command)
			if command == "terraform query" && !g.cli.supports(featureListResources) {
				// The CLI has no query command: assert how it refuses, and stop this route.
				refusal := queryRefusal(t)
				if exit == 0 || !strings.Contains(out, refusal) {
					t.Fatalf("%s: terraform query exited %d, want a refusal saying %q:\n%s", g.cli, exit, refusal, out)
				}
				return false
			}
			if exit != e.exit {
				t.Fatalf("%q exited %d, want %d:\n%s", command, exit, e.exit, out)
			}
			for _, want := range e.contains {
				if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
					t.Errorf("the output of %q does not say %q:\n%s", command, want, out)
				}
			}
			if e.check != nil {
				e.check(t, g, out)
			}
		}
	}
	checkAdoptedWithoutWrites(t, s, world)
	return true
}

// adoptExpectations are the outcomes of the guide's commands (a CLI without terraform query
// refuses it: runAdoptRoute asserts that instead).
func adoptExpectations(t *testing.T, guide string, world *adoptionWorld) map[string]guideExpectation {
	t.Helper()
	summaries := regexp.MustCompile(`Plan: \d+ to import, \d+ to add, \d+ to change, \d+ to destroy\.`).FindAllString(strings.Join(strings.Fields(guide), " "), -1)
	if len(summaries) != 1 {
		t.Fatalf("the guide states %d plan summaries (Plan: N to import, ...), want 1", len(summaries))
	}
	caseSummary := "1 to import, 0 to add, 0 to change, 0 to destroy"
	if !strings.Contains(guide, caseSummary) {
		t.Fatalf("the guide does not say %q", caseSummary)
	}
	secretsWithValues := world.secretsWithValues()
	count := func(file, block string) func(t *testing.T, g *guideShell, _ string) {
		return func(t *testing.T, g *guideShell, _ string) {
			content, err := os.ReadFile(filepath.Join(g.w.dir, file))
			if err != nil {
				t.Fatal(err)
			}
			if got := len(regexp.MustCompile(`(?m)^`+block+` `).FindAll(content, -1)); got != world.size() {
				t.Errorf("%s holds %d %s blocks, want %d:\n%s", file, got, block, world.size(), content)
			}
		}
	}
	both := func(checks ...func(t *testing.T, g *guideShell, out string)) func(t *testing.T, g *guideShell, out string) {
		return func(t *testing.T, g *guideShell, out string) {
			for _, c := range checks {
				c(t, g, out)
			}
		}
	}
	onlyMissingValues := func(t *testing.T, _ *guideShell, out string) {
		errs := regexp.MustCompile(`(?m)^(?:│ )?Error: (.+)$`).FindAllStringSubmatch(out, -1)
		missing := 0
		for _, e := range errs {
			switch e[1] {
			case "Missing Secret Value":
				missing++
			case "Missing Configuration for Required Attribute": // oauth.client_id, masked by Perses
			default:
				t.Errorf("the generated configuration has an error other than a missing secret value: %s", e[1])
			}
		}
		// Terraform stops planning at the first errors, so not every secret gets one.
		if missing == 0 {
			t.Errorf("no Missing Secret Value error, want one for the secrets holding a value:\n%s", out)
		}
	}
	e := map[string]guideExpectation{
		"terraform init": {},
		"terraform query": {contains: []string{"list.perses_project.all", "list.perses_project_datasource.all name=prometheus-0,project=checkout"},
			check: func(t *testing.T, _ *guideShell, out string) {
				if got := len(regexp.MustCompile(`(?m)^list\.perses_`).FindAllString(out, -1)); got != world.size() {
					t.Errorf("terraform query listed %d objects, want %d:\n%s", got, world.size(), out)
				}
			}},
		"terraform query -generate-config-out=generated.tf": {contains: []string{"Warning: Secret Values Must Be Supplied"},
			check: both(count("generated.tf", "import"), count("generated.tf", "resource"))},
		"percli login https://perses.example.com":                                      {},
		"percli get projects -ojson > import-blocks/projects.json":                     {},
		"percli get globaldatasources -ojson > import-blocks/global-datasources.json":  {},
		"percli get datasources --all -ojson > import-blocks/project-datasources.json": {},
		"percli get globalsecrets -ojson > import-blocks/global-secrets.json":          {},
		"percli get secrets --all -ojson > import-blocks/project-secrets.json":         {},
		"terraform -chdir=import-blocks init":                                          {},
		"terraform -chdir=import-blocks apply -auto-approve":                           {},
		"terraform -chdir=import-blocks output -raw import_blocks > imports.tf":        {check: count("imports.tf", "import")},
		"terraform plan -generate-config-out=generated.tf":                             {exit: 1, check: both(onlyMissingValues, count("generated.tf", "resource"))},
		"terraform validate":                     {contains: []string{"Success! The configuration is valid"}},
		"terraform plan":                         {contains: summaries},
		"terraform apply":                        {contains: []string{fmt.Sprintf("Resources: %d imported, 0 added, %d changed, 0 destroyed.", world.size(), secretsWithValues)}},
		"terraform plan -detailed-exitcode":      {contains: []string{"No changes."}},
		"terraform -chdir=case-insensitive init": {},
		"terraform -chdir=case-insensitive plan": {contains: []string{caseSummary}},
	}
	if got := fmt.Sprintf("Plan: %d to import, 0 to add, %d to change, 0 to destroy.", world.size(), secretsWithValues); got != summaries[0] {
		t.Errorf("the guide says %q, the test's world plans %q", summaries[0], got)
	}
	return e
}

// secretsWithValues counts the secrets of the world that hold a value Perses masks.
func (w *adoptionWorld) secretsWithValues() int {
	n := 0
	for _, sec := range w.secrets() {
		if _, values := secretContent(sec.secret); len(values) > 0 {
			n++
		}
	}
	return n
}

// supplySecretValues does what the guide's section "Supply the secret values" says to do by hand:
// in generated.tf, each value a secret holds gets the variable (the write-only form, or the
// Sensitive one on CLIs without write-only attributes), and each masked non-secret value (an
// OAuth client ID) its literal; the values go into ~/secret-values.json. On the query route,
// the guide's example of a completed secret must then be in generated.tf exactly.
func supplySecretValues(t *testing.T, g *guideShell, w *adoptionWorld, writeOnly, checkExample bool, guide string) {
	t.Helper()
	file := filepath.Join(g.w.dir, "generated.tf")
	content, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]map[string]string{} // secret ID -> "block.attribute" -> the value to write
	values := map[string]string{}
	for _, sec := range w.secrets() {
		_, attrs := secretContent(sec.secret)
		held[sec.id] = map[string]string{}
		for _, a := range attrs {
			if a == "oauth.client_id" {
				held[sec.id][a] = fmt.Sprintf("%q", sec.secret.Spec.OAuth.ClientID)
				continue
			}
			held[sec.id][a] = fmt.Sprintf("var.secret_values[%q]", sec.id)
			values[sec.id] = "adopted-" + strings.ReplaceAll(sec.id, "/", "-")
		}
	}
	var out []string
	var block []string
	flush := func() {
		out = append(out, editSecretBlock(t, block, held, writeOnly)...)
		block = nil
	}
	for _, line := range strings.Split(string(content), "\n") {
		switch {
		case strings.HasPrefix(line, `resource "perses_global_secret" `), strings.HasPrefix(line, `resource "perses_project_secret" `):
			block = []string{line}
		case block != nil:
			block = append(block, line)
			if line == "}" {
				flush()
			}
		default:
			out = append(out, line)
		}
	}
	edited := strings.Join(out, "\n")
	if err := os.WriteFile(file, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	if checkExample && writeOnly {
		if example := fencedBlock(t, guide[strings.Index(guide, "## "+guideSecrets):], "terraform"); !strings.Contains(edited, example) {
			t.Errorf("the guide's example of a completed secret is not what supplying the values made of generated.tf:\n%s\ngenerated.tf:\n%s", example, edited)
		}
	}
	data, err := json.Marshal(values)
	if err != nil {
		t.Fatal(err)
	}
	home := g.envValue("HOME")
	if err := os.WriteFile(filepath.Join(home, "secret-values.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// secretAttribute is a line of a generated secret: `    <attribute> = null` in a nested block.
// Terraform comments a Sensitive one `# sensitive`, OpenTofu a write-only one `# sensitive write-only`.
var secretAttribute = regexp.MustCompile(`^(    (\w+)\s+= )null( # sensitive( write-only)?)?$`)

// editSecretBlock gives the values of one generated secret resource block.
func editSecretBlock(t *testing.T, block []string, held map[string]map[string]string, writeOnly bool) []string {
	t.Helper()
	var name, project string
	for _, line := range block {
		if m := regexp.MustCompile(`^  (name|project)\s+= "(.*)"$`).FindStringSubmatch(line); m != nil {
			if m[1] == "name" {
				name = m[2]
			} else {
				project = m[2]
			}
		}
	}
	id := name
	if project != "" {
		id = project + "/" + name
	}
	values, ok := held[id]
	if !ok {
		t.Fatalf("generated.tf has secret %q, which the world does not", id)
	}
	nested := ""
	out := make([]string, 0, len(block))
	for _, line := range block {
		if m := regexp.MustCompile(`^  (\w+) = \{$`).FindStringSubmatch(line); m != nil {
			nested = m[1]
		}
		if m := secretAttribute.FindStringSubmatch(line); m != nil && nested != "" {
			attribute := m[2]
			base := strings.TrimSuffix(strings.TrimSuffix(attribute, "_version"), "_wo")
			value, isHeld := values[nested+"."+base]
			switch {
			case !isHeld:
			case strings.HasPrefix(value, "var.") && writeOnly && attribute == base+"_wo":
				line = m[1] + value
			case strings.HasPrefix(value, "var.") && writeOnly && attribute == base+"_wo_version":
				line = m[1] + "1"
			case attribute == base && (!writeOnly || !strings.HasPrefix(value, "var.")):
				line = m[1] + value
			}
		}
		out = append(out, line)
	}
	return out
}

func (g *guideShell) envValue(name string) string {
	for i := len(g.env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(g.env[i], name+"="); ok {
			return v
		}
	}
	return ""
}

// checkAdoptedWithoutWrites reads the server: the adoption wrote each secret holding a value
// (once: version 1) and nothing else (every other object still at version 0).
func checkAdoptedWithoutWrites(t *testing.T, s *testbed.Server, w *adoptionWorld) {
	t.Helper()
	c := accClient(t, s)
	ctx := context.Background()
	check := func(what string, version uint64, want uint64) {
		if version != want {
			t.Errorf("%s is at version %d after the adoption, want %d", what, version, want)
		}
	}
	projects, err := c.ListProjects(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range projects {
		check("project "+p.Metadata.Name, p.Metadata.Version, 0)
	}
	global, err := c.ListDatasources(ctx, "", client.DatasourceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	local, err := c.ListDatasourcesOfAllProjects(ctx, client.DatasourceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ds := range append(global, local...) {
		check(datasourceScopeOf(ds.Metadata.Project).describe(ds.Metadata.Project, ds.Metadata.Name), ds.Metadata.Version, 0)
	}
	if got, want := len(projects)+len(global)+len(local), len(w.projects)+len(w.globals)+len(w.locals); got != want {
		t.Errorf("the server holds %d projects and datasources after the adoption, want %d", got, want)
	}
	for _, sec := range w.secrets() {
		scope := globalSecretScope
		if sec.secret.Metadata.Project != "" {
			scope = projectSecretScope
		}
		project, name, _ := scope.parseImportID(sec.id)
		stored, err := c.GetSecret(ctx, project, name)
		if err != nil {
			t.Fatal(err)
		}
		want := uint64(0)
		if _, values := secretContent(sec.secret); len(values) > 0 {
			want = 1
		}
		check(scope.describe(project, name), stored.Metadata.Version, want)
	}
}
