package provider

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestValidateInCIGuideShowsTheCorpus keeps the example of the guide "Validate datasources in CI"
// true: its configuration is a corpus file, and the output it shows is that file's expected
// diagnostics (which TestAccValidationCorpus checks against the real CLIs), wrapped as the CLI
// prints them.
func TestValidateInCIGuideShowsTheCorpus(t *testing.T) {
	guide, err := os.ReadFile("../../templates/guides/validate-in-ci.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	var entry corpusEntry
	for _, e := range loadCorpus(t, "testdata/invalid") {
		if e.name == "54-several-mistakes" {
			entry = e
		}
	}
	if entry.name == "" {
		t.Fatal("corpus file 54-several-mistakes.tf not found")
	}

	config := fencedBlock(t, string(guide), "terraform")
	if _, body, _ := strings.Cut(entry.config, "\n\n"); strings.TrimSpace(body) != strings.TrimSpace(config) {
		t.Errorf("the guide's configuration differs from %s.tf:\n%s", entry.name, config)
	}

	// The CLI's output, less source locations: "Error: <summary>" or "Warning: <summary>", then the detail.
	sections := regexp.MustCompile(`(?m)^(Error|Warning): `).Split(fencedBlock(t, string(guide), "text"), -1)[1:]
	if len(sections) != len(entry.want) {
		t.Fatalf("the guide shows %d diagnostics, %s.tf expects %d", len(sections), entry.name, len(entry.want))
	}
	for i, section := range sections {
		summary, detail, _ := strings.Cut(section, "\n")
		want := entry.want[i]
		if summary != want.summary || strings.Join(strings.Fields(detail), " ") != strings.Join(strings.Fields(want.detail), " ") {
			t.Errorf("diagnostic %d of the guide:\n%s\nwant:\n%s", i, section, want)
		}
	}
}

// fencedBlock returns the first ```lang block of a markdown text.
func fencedBlock(t *testing.T, markdown, lang string) string {
	t.Helper()
	_, rest, found := strings.Cut(markdown, "```"+lang+"\n")
	block, _, closed := strings.Cut(rest, "```")
	if !found || !closed {
		t.Fatalf("no ```%s block", lang)
	}
	return block
}
