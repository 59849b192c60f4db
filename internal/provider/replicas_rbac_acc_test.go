package provider

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// replicaRefresh is the permission reload interval of the replicas that follow the shared
// database closely (security.authorization.provider.native.check_latest_update_interval).
const replicaRefresh = time.Second

// TestAccReplicasRoleBindingReachesEveryReplica: on Perses replicas sharing one MariaDB database,
// a role and binding applied through one replica grant their rights there at once, and on another
// replica only once it reloads the permissions from the database (every
// check_latest_update_interval: 1s on the "fast" replica here, Perses' default is 30s). A replica
// whose interval has not elapsed still refuses (the "slow" one, 1h): what a CI job that logs in
// right after the apply meets behind a load balancer. Changing the role follows the same way.
// On the file database there is one process, and there is no such delay.
//
// Each RBAC write is a second after the previous one (nextSecond): a replica reloads only when
// the newest role or binding's update time, in whole seconds, is after the one it last loaded
// (Perses' internal/api/authorization/cron.go), so a write in the same second as a write it has
// already reloaded is missed until a later change. A role and its binding written by one apply
// can meet that: written so, this test failed on the fast replica in one run of three.
func TestAccReplicasRoleBindingReachesEveryReplica(t *testing.T) {
	user := testbed.ProvisionedUser{Name: "replica-carol", Password: "replica-carol-password"}
	options := func(share *testbed.Server, refresh time.Duration) testbed.ServerOptions {
		return testbed.ServerOptions{
			Database: testbed.DatabaseMariaDB, ShareDatabaseWith: share, Auth: true,
			Users: []testbed.ProvisionedUser{user}, PermissionRefresh: refresh,
		}
	}
	first := testbed.StartTestServer(t, options(nil, replicaRefresh))
	fast := testbed.StartTestServer(t, options(first, replicaRefresh))
	slow := testbed.StartTestServer(t, options(first, time.Hour))
	project, other := accName("replica-team"), accName("replica-other")
	createProject(t, first, project)
	createProject(t, first, other)
	role := func(scopes string) string {
		return adminConfig(first) + roleConfig(projectRoleScope, project, "datasource-reader", fmt.Sprintf(`[{ actions = ["read"], scopes = %s }]`, scopes))
	}
	config := func(scopes string) string {
		return role(scopes) + bindingConfig(projectRoleBindingScope, project, "datasource-readers", "perses_role.test.name", fmt.Sprintf(`[{ name = %q }]`, user.Name))
	}
	nextSecond := func() { time.Sleep(1100 * time.Millisecond) }
	datasources, secrets := "/api/v1/projects/"+project+"/datasources", "/api/v1/projects/"+project+"/secrets"
	otherDatasources := "/api/v1/projects/" + other + "/datasources"
	// rights checks what user may do on each replica: right away on the replica the apply wrote
	// through and on the slow one, within a few reload intervals on the fast one.
	rights := func(granted, refused []string) func(*terraform.State) error {
		return func(*terraform.State) error {
			for _, path := range granted {
				expectStatusAs(t, first, user, path, http.StatusOK, 0)
				expectStatusAs(t, fast, user, path, http.StatusOK, 5*replicaRefresh)
				expectStatusAs(t, slow, user, path, http.StatusForbidden, 0)
			}
			for _, path := range refused {
				for _, s := range []*testbed.Server{first, fast, slow} {
					expectStatusAs(t, s, user, path, http.StatusForbidden, 0)
				}
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{Config: role(`["Datasource"]`), Check: rights(nil, []string{datasources, secrets})},
			{PreConfig: nextSecond, Config: config(`["Datasource"]`), Check: rights([]string{datasources}, []string{secrets, otherDatasources})},
			{PreConfig: nextSecond, Config: config(`["Datasource", "Secret"]`), Check: rights([]string{secrets}, []string{otherDatasources})},
		},
	})
}

// expectStatusAs fails the test unless a GET of path on s, logged in as u, answers want; within
// the given time when it is not 0 (polling), else at once.
func expectStatusAs(t *testing.T, s *testbed.Server, u testbed.ProvisionedUser, path string, want int, within time.Duration) {
	t.Helper()
	token, err := s.LoginAs(context.Background(), u.Name, u.Password)
	if err != nil {
		t.Fatalf("logging in as %s at %s: %v", u.Name, s.URL, err)
	}
	deadline := time.Now().Add(within)
	for {
		got := statusAs(t, s, token, path)
		if got == want {
			return
		}
		if !time.Now().Before(deadline) {
			t.Errorf("GET %s as %s at %s: status %d, want %d (waited %s)", path, u.Name, s.URL, got, want, within)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
