package testbed

import (
	"encoding/json"
	"net/http"
	"testing"
)

// TestServerOnMariaDB: Perses on database.sql, case_sensitive off (names lowercased, as on files)
// and on, where MariaDB's default case-insensitive collation makes names that differ only in case
// collide: GET prom returns the Prom document, and POST prom answers 409.
func TestServerOnMariaDB(t *testing.T) {
	t.Parallel()
	t.Run("case-insensitive", func(t *testing.T) {
		t.Parallel()
		s := StartTestServer(t, ServerOptions{Database: DatabaseMariaDB})
		checkHealth(t, s)
		checkNameCase(t, s, "", false)
	})
	t.Run("case-sensitive-collation-collides", func(t *testing.T) {
		t.Parallel()
		s := StartTestServer(t, ServerOptions{Database: DatabaseMariaDB, CaseSensitive: true})
		spec := map[string]any{"directUrl": "https://prometheus.example.com"}
		status, body := apiCall(t, s, http.MethodPost, "/api/v1/globaldatasources", "", globalDatasource("Prom", "PrometheusDatasource", spec))
		expectOK(t, status, body, nil)
		var got struct {
			Metadata struct{ Name string } `json:"metadata"`
		}
		status, body = apiCall(t, s, http.MethodGet, "/api/v1/globaldatasources/prom", "", nil)
		expectOK(t, status, body, &got)
		if got.Metadata.Name != "Prom" {
			t.Fatalf("GET prom answered %s, want the Prom document", body)
		}
		status, body = apiCall(t, s, http.MethodPost, "/api/v1/globaldatasources", "", globalDatasource("prom", "PrometheusDatasource", spec))
		expectError(t, status, body, http.StatusConflict, "already exists")
	})
}

// TestServerReplicasShareMariaDB: a second Perses on the first one's database sees its writes.
func TestServerReplicasShareMariaDB(t *testing.T) {
	t.Parallel()
	first := StartTestServer(t, ServerOptions{Database: DatabaseMariaDB})
	second := StartTestServer(t, ServerOptions{ShareDatabaseWith: first})
	status, body := apiCall(t, first, http.MethodPost, "/api/v1/globaldatasources", "",
		globalDatasource("shared", "PrometheusDatasource", map[string]any{"directUrl": "https://prometheus.example.com"}))
	expectOK(t, status, body, nil)
	var list []json.RawMessage
	status, body = apiCall(t, second, http.MethodGet, "/api/v1/globaldatasources", "", nil)
	expectOK(t, status, body, &list)
	if len(list) != 1 {
		t.Fatalf("the replica lists %s, want the one datasource written through the first server", body)
	}
}
