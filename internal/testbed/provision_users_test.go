package testbed

import (
	"net/http"
	"testing"

	"github.com/perses/perses/pkg/model/api/v1/role"
)

// TestServerProvisionedUsers: a user provisioned with datasources in one project (and read of
// that project) may do exactly that, as the server's 403 messages show.
func TestServerProvisionedUsers(t *testing.T) {
	t.Parallel()
	user := ProvisionedUser{Name: "team-a-ci", Password: "team-a-password", ProjectPermissions: map[string][]role.Permission{
		"team-a": {
			{Actions: []role.Action{role.WildcardAction}, Scopes: []role.Scope{role.DatasourceScope}},
			{Actions: []role.Action{role.ReadAction}, Scopes: []role.Scope{role.ProjectScope}},
		},
	}}
	s := StartTestServer(t, ServerOptions{Auth: true, Users: []ProvisionedUser{user}})
	token, err := s.LoginAs(t.Context(), user.Name, user.Password)
	if err != nil {
		t.Fatal(err)
	}
	ds := globalDatasource("prom", "PrometheusDatasource", map[string]any{"directUrl": "https://prometheus.example.com"})

	t.Run("own-project-read", func(t *testing.T) {
		status, body := apiCall(t, s, http.MethodGet, "/api/v1/projects/team-a", token, nil)
		expectOK(t, status, body, nil)
	})
	t.Run("own-project-datasource-create", func(t *testing.T) {
		projectDS := map[string]any{"kind": "Datasource", "metadata": map[string]any{"name": "prom", "project": "team-a"}, "spec": ds["spec"]}
		status, body := apiCall(t, s, http.MethodPost, "/api/v1/projects/team-a/datasources", token, projectDS)
		expectOK(t, status, body, nil)
	})
	t.Run("global-datasource-create-refused", func(t *testing.T) {
		status, body := apiCall(t, s, http.MethodPost, "/api/v1/globaldatasources", token, ds)
		expectError(t, status, body, http.StatusForbidden, "missing 'create' global permission for 'GlobalDatasource' kind")
	})
	t.Run("own-project-secret-list-refused", func(t *testing.T) {
		status, body := apiCall(t, s, http.MethodGet, "/api/v1/projects/team-a/secrets", token, nil)
		expectError(t, status, body, http.StatusForbidden, "missing 'read' permission in 'team-a' project for 'Secret' kind")
	})
	t.Run("other-project-refused", func(t *testing.T) {
		// The project must exist: Perses answers 400 for one that does not, before any RBAC check.
		status, body := apiCall(t, s, http.MethodPost, "/api/v1/projects", login(t, s), map[string]any{"kind": "Project", "metadata": map[string]any{"name": "team-b"}})
		expectOK(t, status, body, nil)
		status, body = apiCall(t, s, http.MethodGet, "/api/v1/projects/team-b/datasources", token, nil)
		expectError(t, status, body, http.StatusForbidden, "missing 'read' permission in 'team-b' project for 'Datasource' kind")
	})
}

func TestProvisionedUserCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		user ProvisionedUser
		want string
	}{
		{"no-password", ProvisionedUser{Name: "ci"}, "testbed: a ProvisionedUser needs a Name and a Password"},
		{"admin", ProvisionedUser{Name: "Admin", Password: "x"}, `testbed: ProvisionedUser "Admin": the name is the provisioned admin's`},
		{"global-scope-in-project", ProvisionedUser{Name: "ci", Password: "x", ProjectPermissions: map[string][]role.Permission{
			"team-a": {{Actions: []role.Action{role.ReadAction}, Scopes: []role.Scope{role.GlobalSecretScope}}},
		}}, `testbed: ProvisionedUser "ci": project "team-a": scope "GlobalSecret" is global and a project Role cannot hold it; put it in GlobalPermissions`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.user.check()
			if err == nil || err.Error() != tc.want {
				t.Fatalf("check() = %v, want %q", err, tc.want)
			}
		})
	}
}
