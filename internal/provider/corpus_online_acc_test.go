package provider

import (
	"context"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// TestAccValidationCorpusOnline plans every corpus configuration with errors against a real
// Perses server: the online entries (testdata/invalid-online) must fail at plan with their exact
// errors, and no entry, online or offline, may write anything to the server first: the server's
// own log counts the writes.
func TestAccValidationCorpusOnline(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc does)")
	}
	// A server of its own, so that its log holds this test's requests only.
	s := accFreshServer(t, testbed.ServerOptions{})
	setUpOnlineCorpus(t, s)
	var entries []corpusEntry
	for _, dir := range []string{"invalid-online", "invalid"} {
		for _, entry := range loadCorpus(t, "testdata/"+dir) {
			entry.name = dir + "/" + entry.name
			entries = append(entries, entry)
		}
	}
	for _, entry := range entries {
		if len(entry.errors()) == 0 {
			continue
		}
		t.Run(entry.name, func(t *testing.T) {
			before := serverWrites(t, s)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: accProviders,
				Steps: []resource.TestStep{{
					Config:      providerConfig(s) + entry.config,
					PlanOnly:    true,
					ExpectError: entry.expectErrorRegexp(),
				}},
			})
			if after := serverWrites(t, s); after != before {
				t.Errorf("the server received %d write(s) while the provider refused the configuration", after-before)
			}
		})
	}
}

// setUpOnlineCorpus creates what the online entries refer to: project "corpus", the global
// secret "corpus-global", and "current-default", the default Pyroscope datasource of "corpus".
func setUpOnlineCorpus(t *testing.T, s *testbed.Server) {
	t.Helper()
	c := accClient(t, s)
	createProject(t, s, "corpus")
	createSecret(t, c, "", "corpus-global")
	ds := &v1.Datasource{Kind: v1.KindDatasource, Metadata: *v1.NewProjectMetadata("corpus", "current-default")}
	ds.Spec.Default = true
	ds.Spec.Plugin.Kind = "PyroscopeDatasource"
	// Another URL than entry 10's: a new default identical to the current one would be taken for
	// its create_before_destroy replacement (see TestAccDefaultTakenFromAnIdenticalDatasource).
	ds.Spec.Plugin.Spec = map[string]any{"directUrl": "https://pyroscope-current.example.com"}
	if _, err := c.CreateDatasource(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
}

// writeLine matches the server's log line of a request that writes an object (the dry-run
// validation, under /api/validate, writes nothing).
var writeLine = regexp.MustCompile(`method=(POST|PUT|PATCH|DELETE) status=\d+ uri=/api/v1/`)

func serverWrites(t *testing.T, s *testbed.Server) int {
	t.Helper()
	log, err := os.ReadFile(s.LogPath)
	if err != nil {
		t.Fatal(err)
	}
	return len(writeLine.FindAll(log, -1))
}
