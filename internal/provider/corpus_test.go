package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The validation corpus: configurations under testdata/invalid/, each with the diagnostics it
// must produce written in its leading comment (format in testdata/README.md). The same files run
// through the provider's validation in-process (TestValidationCorpus, make unit) and through
// the real Terraform and OpenTofu CLIs (TestAccValidationCorpus, make testacc).

// corpusEntry is one configuration of the corpus.
type corpusEntry struct {
	name   string // file name without .tf
	config string // the whole file
	want   []corpusDiagnostic
}

// corpusDiagnostic is one diagnostic, as the header of a corpus file states it.
type corpusDiagnostic struct {
	severity string // "error" or "warning"
	summary  string
	address  string // the resource or data source it is about, e.g. perses_global_datasource.test
	path     string // the attribute, as path.Path prints it; empty for the whole resource
	detail   string
}

func (d corpusDiagnostic) String() string {
	at := d.address
	if d.path != "" {
		at += " " + d.path
	}
	return fmt.Sprintf("%s: %s\n  at: %s\n  | %s", d.severity, d.summary, at, strings.ReplaceAll(d.detail, "\n", "\n  | "))
}

// loadCorpus reads every .tf file of dir, in name order.
func loadCorpus(t *testing.T, dir string) []corpusEntry {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no corpus files in %s", dir)
	}
	entries := make([]corpusEntry, 0, len(files))
	for _, file := range files {
		content, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want, err := parseCorpusHeader(string(content))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		entries = append(entries, corpusEntry{name: strings.TrimSuffix(filepath.Base(file), ".tf"), config: string(content), want: want})
	}
	return entries
}

// parseCorpusHeader reads the expected diagnostics from the leading comment lines of a file:
//
//	# error: <summary>        (or "# warning: <summary>") starts a diagnostic
//	# at: <address> [<path>]  the resource or data source, then the attribute if any
//	# | <line>                one line of the detail ("# |" alone for an empty line)
//
// Any other comment line is free text, describing the case.
func parseCorpusHeader(content string) ([]corpusDiagnostic, error) {
	var (
		diags  []corpusDiagnostic
		detail []string
	)
	flush := func() {
		if len(diags) > 0 {
			diags[len(diags)-1].detail = strings.Join(detail, "\n")
		}
		detail = nil
	}
	for _, line := range strings.Split(content, "\n") {
		if !strings.HasPrefix(line, "#") {
			break
		}
		text := strings.TrimPrefix(strings.TrimPrefix(line, "#"), " ")
		switch {
		case strings.HasPrefix(text, "error: "), strings.HasPrefix(text, "warning: "):
			flush()
			severity, summary, _ := strings.Cut(text, ": ")
			diags = append(diags, corpusDiagnostic{severity: severity, summary: summary})
		case strings.HasPrefix(text, "at: ") && len(diags) > 0:
			address, attribute, _ := strings.Cut(strings.TrimPrefix(text, "at: "), " ")
			diags[len(diags)-1].address, diags[len(diags)-1].path = address, attribute
		case (text == "|" || strings.HasPrefix(text, "| ")) && len(diags) > 0:
			detail = append(detail, strings.TrimPrefix(strings.TrimPrefix(text, "|"), " "))
		}
	}
	flush()
	for _, d := range diags {
		if d.address == "" || d.detail == "" {
			return nil, fmt.Errorf("diagnostic %q needs an \"# at:\" line and \"# |\" detail lines", d.summary)
		}
	}
	return diags, nil
}

// errors are the expected error diagnostics, in the order of the file.
func (e corpusEntry) errors() []corpusDiagnostic {
	var errs []corpusDiagnostic
	for _, d := range e.want {
		if d.severity == "error" {
			errs = append(errs, d)
		}
	}
	return errs
}

// expectErrorRegexp matches the CLI's human output of the entry's errors, in any order: the
// framework runs the validators of one resource's attributes in no fixed order, so the CLI may
// print them in any. The CLI wraps long lines, so any run of spaces in the expected text matches
// any run of whitespace.
func (e corpusEntry) expectErrorRegexp() *regexp.Regexp {
	var errs []string
	for _, d := range e.errors() {
		errs = append(errs, "Error: "+flexibleSpaces(d.summary)+".*"+flexibleSpaces(d.detail))
	}
	var orders []string
	for _, order := range permutations(errs) {
		orders = append(orders, "(?:"+strings.Join(order, ".*")+")")
	}
	return regexp.MustCompile("(?s)" + strings.Join(orders, "|"))
}

// permutations lists every order of items (a corpus entry has a handful of errors at most).
func permutations(items []string) [][]string {
	if len(items) <= 1 {
		return [][]string{items}
	}
	var out [][]string
	for i, first := range items {
		rest := append(append([]string{}, items[:i]...), items[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]string{first}, p...))
		}
	}
	return out
}

func flexibleSpaces(text string) string {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return strings.Join(words, `\s+`)
}

// checkCorpusDiagnostics compares diagnostics with the expected ones, in any order. withPath is
// false when got carries no attribute paths (the CLI's JSON gives source ranges instead).
func checkCorpusDiagnostics(t *testing.T, got, want []corpusDiagnostic, withPath bool) {
	t.Helper()
	render := func(diags []corpusDiagnostic) []string {
		out := make([]string, 0, len(diags))
		for _, d := range diags {
			if !withPath {
				d.path = ""
			}
			out = append(out, d.String())
		}
		slices.Sort(out)
		return out
	}
	g, w := render(got), render(want)
	if !slices.Equal(g, w) {
		t.Errorf("diagnostics:\n--- got\n%s\n--- want\n%s", strings.Join(g, "\n\n"), strings.Join(w, "\n\n"))
	}
}

func TestParseCorpusHeader(t *testing.T) {
	got, err := parseCorpusHeader(`# A lowercase method.
#
# error: Invalid HTTP Method
# at: perses_global_datasource.test prometheus.proxy.allowed_endpoints[0].method
# | first line
# |
# | Write "GET".
# warning: Proxy Allows Every Endpoint
# at: data.perses_datasource_spec.test
# | second
resource "perses_global_datasource" "test" {}
# not part of the header
`)
	if err != nil {
		t.Fatal(err)
	}
	want := []corpusDiagnostic{
		{severity: "error", summary: "Invalid HTTP Method", address: "perses_global_datasource.test",
			path: "prometheus.proxy.allowed_endpoints[0].method", detail: "first line\n\nWrite \"GET\"."},
		{severity: "warning", summary: "Proxy Allows Every Endpoint", address: "data.perses_datasource_spec.test", detail: "second"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	if _, err := parseCorpusHeader("# error: No Detail\n# at: perses_project.x\n"); err == nil {
		t.Error("a diagnostic without detail is accepted")
	}
}

func TestExpectErrorRegexpToleratesWrappedLines(t *testing.T) {
	e := corpusEntry{want: []corpusDiagnostic{{severity: "error", summary: "Invalid Name",
		detail: `name is "a b" (really).` + "\n\n" + `Write "a-b".`}}}
	output := "Error: Invalid Name\n\n  with perses_project.x,\n  on main.tf line 2:\n\nname is \"a b\"\n(really).\n\nWrite \"a-b\".\n"
	if !e.expectErrorRegexp().MatchString(output) {
		t.Errorf("%s does not match %q", e.expectErrorRegexp(), output)
	}
}

func TestExpectErrorRegexpAcceptsAnyOrderOfErrors(t *testing.T) {
	e := corpusEntry{want: []corpusDiagnostic{
		{severity: "error", summary: "Invalid Name", detail: "name is bad."},
		{severity: "warning", summary: "Empty List", detail: "ignored: warnings are not errors."},
		{severity: "error", summary: "Invalid Duration", detail: "scrape_interval is bad."},
	}}
	for _, output := range []string{
		"Error: Invalid Name\n\nname is bad.\n\nError: Invalid Duration\n\nscrape_interval is bad.\n",
		"Error: Invalid Duration\n\nscrape_interval is bad.\n\nError: Invalid Name\n\nname is bad.\n",
	} {
		if !e.expectErrorRegexp().MatchString(output) {
			t.Errorf("%q does not match", output)
		}
	}
	if e.expectErrorRegexp().MatchString("Error: Invalid Name\n\nname is bad.\n") {
		t.Error("a missing error must not match")
	}
}
