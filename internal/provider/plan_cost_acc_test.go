package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

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

// manyDatasources configures n Prometheus datasources named prefix-0..n-1, global when project
// is "", else in that project.
func manyDatasources(project, prefix string, n int, url string) string {
	var b strings.Builder
	for i := range n {
		if project == "" {
			fmt.Fprintf(&b, "resource \"perses_global_datasource\" \"%s%d\" {\n", prefix, i)
		} else {
			fmt.Fprintf(&b, "resource \"perses_project_datasource\" \"%s%d\" {\n  project = %q\n", prefix, i, project)
		}
		fmt.Fprintf(&b, "  name = \"%s-%d\"\n  prometheus = { direct_url = %q }\n}\n", prefix, i, url)
	}
	return b.String()
}

// expectRequests fails the test unless the requests counted since the last take are exactly want.
func (rc *requestCounter) expectRequests(t *testing.T, what string, want client.Stats) {
	t.Helper()
	if got := rc.take(); got != want {
		t.Errorf("%s: %d reads and %d writes, want %d reads and %d writes", what, got.Reads, got.Writes, want.Reads, want.Writes)
	}
}

// TestAccDatasourcePlanChecksCostNothingWithoutChanges: a plan of N unchanged datasources of one
// scope costs one list request (the refresh) and nothing else. When all N change, each plan
// costs one dry-run validation (a POST) per datasource, one plugin list, one read of the server's
// version (GET /api/v1/health, once per provider process that plans a write), and the refresh's list.
//
// Each step runs several CLI commands (one provider process each): a PlanOnly step runs a plan
// without refresh then a plan with refresh; a Config step runs a plan (with refresh), the apply
// (which plans each resource again before writing it, without refresh), then the same two plans.
func TestAccDatasourcePlanChecksCostNothingWithoutChanges(t *testing.T) {
	const n = 30
	s := accServerAuthOff(t)
	rc := &requestCounter{}
	prefix := accName("cost")
	before := providerConfig(s) + manyDatasources("", prefix, n, "https://before.example.com")
	after := providerConfig(s) + manyDatasources("", prefix, n, "https://after.example.com")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: rc.providers(),
		Steps: []resource.TestStep{
			{Config: before},
			{PreConfig: func() { rc.take() }, Config: before, PlanOnly: true},
			{
				PreConfig: func() {
					rc.expectRequests(t, "unchanged plans (one refreshes)", client.Stats{Reads: 1})
				},
				Config: after, PlanOnly: true, ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() {
					rc.expectRequests(t, "two plans changing every datasource (one refreshes)",
						client.Stats{Reads: 2*(1+1) + 1, Writes: 2 * n})
				},
				Config: after,
			},
			{
				PreConfig: func() {
					// Plan: list, version, plugins, n validations. Apply: version, plugins, n
					// validations, n PUTs. Then the unchanged plans: one list.
					rc.expectRequests(t, "apply changing every datasource", client.Stats{Reads: 3 + 2 + 1, Writes: 3 * n})
				},
				Config: after, PlanOnly: true,
			},
		},
	})
}

// TestAccDatasourceRefreshListsEachScopeOnce: a refresh reads each scope's datasources with one
// list request, whatever their number. A datasource missing from its list is confirmed with one
// GET before it leaves the state (lists can wrongly answer [] on Perses' file database); the
// datasources of a deleted project leave the state on that project's list alone.
//
// The objects deleted outside Terraform also leave the configuration, so that the plan after the
// refresh is empty (it would plan their destruction had the refresh kept them) and the requests
// counted up to the apply's Check are the refresh's alone.
func TestAccDatasourceRefreshListsEachScopeOnce(t *testing.T) {
	const k = 5
	s := accServerAuthOff(t)
	c := accClient(t, s)
	rc := &requestCounter{}
	projectA, projectB, prefix := accName("lists-a"), accName("lists-b"), accName("lists")
	createProject(t, s, projectA)
	createProject(t, s, projectB)
	url := "https://p.example.com"
	global := manyDatasources("", prefix, k, url)
	inA, inB := manyDatasources(projectA, "a", k, url), manyDatasources(projectB, "b", k, url)
	gone := fmt.Sprintf("resource \"perses_global_datasource\" \"%s0\" {\n  name = \"%s-0\"\n  prometheus = { direct_url = %q }\n}\n", prefix, prefix, url)
	if !strings.Contains(global, gone) {
		t.Fatalf("manyDatasources no longer writes %q", gone)
	}
	withoutGone := strings.Replace(global, gone, "", 1)
	countInState := func(st *terraform.State, addressPrefix string) int {
		count := 0
		for address := range st.RootModule().Resources {
			if strings.HasPrefix(address, addressPrefix) {
				count++
			}
		}
		return count
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: rc.providers(),
		Steps: []resource.TestStep{
			{Config: providerConfig(s) + global + inA + inB},
			{
				PreConfig:    func() { rc.take() },
				RefreshState: true,
				Check: func(*terraform.State) error {
					rc.expectRequests(t, "refresh of 3 scopes", client.Stats{Reads: 3})
					return nil
				},
			},
			{
				PreConfig: func() {
					rc.take()
					if err := c.DeleteDatasource(context.Background(), "", prefix+"-0"); err != nil {
						t.Fatal(err)
					}
				},
				Config:           providerConfig(s) + withoutGone + inA + inB,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(st *terraform.State) error {
					rc.expectRequests(t, "refresh with a datasource deleted outside Terraform", client.Stats{Reads: 3 + 1})
					if got := countInState(st, "perses_global_datasource."); got != k-1 {
						return fmt.Errorf("%d global datasources in the state, want %d", got, k-1)
					}
					return nil
				},
			},
			{
				PreConfig: func() {
					rc.take()
					if err := c.DeleteProject(context.Background(), projectB); err != nil {
						t.Fatal(err)
					}
				},
				Config:           providerConfig(s) + withoutGone + inA,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(st *terraform.State) error {
					rc.expectRequests(t, "refresh with a project deleted outside Terraform", client.Stats{Reads: 3})
					if got := countInState(st, "perses_project_datasource.b"); got != 0 {
						return fmt.Errorf("%d datasources of the deleted project in the state, want 0", got)
					}
					return nil
				},
			},
		},
	})
}
