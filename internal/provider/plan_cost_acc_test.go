package provider

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/perses/terraform-provider-perses/internal/client"
)

// requestCounter sums the requests of every provider instance the CLI starts.
type requestCounter struct {
	mu      sync.Mutex
	clients []*client.Client
}

func (rc *requestCounter) providers() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"perses": func() (tfprotov6.ProviderServer, error) {
			p := newProvider("test", nil)
			p.configured = func(d *providerData) {
				rc.mu.Lock()
				defer rc.mu.Unlock()
				rc.clients = append(rc.clients, d.client)
			}
			return providerserver.NewProtocol6WithError(p)()
		},
	}
}

// take returns the requests counted since the last take.
func (rc *requestCounter) take() client.Stats {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var total client.Stats
	for _, c := range rc.clients {
		s := c.Stats()
		total.Reads += s.Reads
		total.Writes += s.Writes
	}
	rc.clients = nil
	return total
}

func manyDatasources(prefix string, n int, url string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "resource \"perses_global_datasource\" \"d%d\" {\n  name = \"%s-%d\"\n  prometheus = { direct_url = %q }\n}\n", i, prefix, i, url)
	}
	return b.String()
}

// TestAccDatasourcePlanChecksCostNothingWithoutChanges: the plan-time checks of N unchanged
// datasources send no request (only the refresh reads each datasource); when all N change, they
// cost one dry-run validation (a POST) per datasource plus one plugin list per provider process.
func TestAccDatasourcePlanChecksCostNothingWithoutChanges(t *testing.T) {
	const n = 30
	s := accServerAuthOff(t)
	rc := &requestCounter{}
	prefix := accName("cost")
	before := providerConfig(s) + manyDatasources(prefix, n, "https://before.example.com")
	after := providerConfig(s) + manyDatasources(prefix, n, "https://after.example.com")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: rc.providers(),
		Steps: []resource.TestStep{
			{Config: before},
			{PreConfig: func() { rc.take() }, Config: before, PlanOnly: true},
			{
				PreConfig: func() {
					got := rc.take()
					if plans := got.Reads / n; got.Writes != 0 || plans < 1 || got.Reads != plans*n {
						t.Errorf("unchanged plan: %d reads and %d writes; want only the refresh GETs (a multiple of %d) and no write", got.Reads, got.Writes, n)
					}
				},
				Config: after, PlanOnly: true, ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() {
					// The step runs k plans (k CLI runs, each its own provider process).
					got := rc.take()
					k := got.Writes / n
					if k < 1 || got.Writes != k*n || got.Reads > k*(n+1) {
						t.Errorf("plans changing %d datasources: %d reads and %d writes; want one dry-run POST per datasource per plan and at most one refresh GET per datasource plus one plugin list per plan",
							n, got.Reads, got.Writes)
					}
				},
				Config: after,
			},
		},
	})
}
