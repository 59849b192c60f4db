package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

func TestDatasourceCRUDBothScopes(t *testing.T) {
	fake := newFakePerses(t)
	fake.prefix = "/perses"
	srv := fake.start()
	// A URL with an API prefix and a trailing slash.
	c := mustNew(t, testConfig(srv.URL+"/perses/"))
	ctx := context.Background()

	if _, err := c.CreateProject(ctx, newProject("team", "")); err != nil {
		t.Fatalf("CreateProject: %v", err)
	}
	for _, project := range []string{"", "team"} {
		t.Run("project="+project, func(t *testing.T) {
			created, err := c.CreateDatasource(ctx, newDatasource(project, "Prom", "http://prom:9090"))
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			// The server lowercases names (case_sensitive: false).
			if created.Metadata.Name != "prom" || created.Metadata.Project != project {
				t.Fatalf("created metadata = %+v", created.Metadata)
			}
			wantKind := v1.KindDatasource
			if project == "" {
				wantKind = v1.KindGlobalDatasource
			}
			if created.Kind != wantKind {
				t.Errorf("kind = %q, want %q", created.Kind, wantKind)
			}

			got, err := c.GetDatasource(ctx, project, "prom")
			if err != nil {
				t.Fatalf("get: %v", err)
			}
			if !sameJSON(got.Spec, promSpec("http://prom:9090")) || got.Metadata.Project != project {
				t.Errorf("get = %+v", got)
			}

			upd := newDatasource(project, "prom", "http://other:9090")
			updated, err := c.UpdateDatasource(ctx, upd)
			if err != nil {
				t.Fatalf("update: %v", err)
			}
			if updated.Metadata.Version != 1 || !sameJSON(updated.Spec, upd.Spec) {
				t.Errorf("update = %+v", updated)
			}

			list, err := c.ListDatasources(ctx, project, DatasourceFilter{})
			if err != nil || len(list) != 1 || list[0].Metadata.Project != project {
				t.Fatalf("list = %v, %v", list, err)
			}

			if err := c.DeleteDatasource(ctx, project, "prom"); err != nil {
				t.Fatalf("delete: %v", err)
			}
			if _, err := c.GetDatasource(ctx, project, "prom"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("get after delete: %v, want ErrNotFound", err)
			}
			if err := c.DeleteDatasource(ctx, project, "prom"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("second delete: %v, want ErrNotFound", err)
			}
		})
	}
	if n := fake.callCount("POST /api/v1/globaldatasources"); n != 1 {
		t.Errorf("global creates = %d", n)
	}
	if n := fake.callCount("POST /api/v1/projects/team/datasources"); n != 1 {
		t.Errorf("project creates = %d", n)
	}
}

// The wire object carries the scope's kind and, for a global one, no project.
func TestDatasourceWireFormat(t *testing.T) {
	var mu sync.Mutex
	var bodies []map[string]any
	var contentTypes []string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		var m map[string]any
		_ = json.Unmarshal(data, &m)
		mu.Lock()
		bodies = append(bodies, m)
		contentTypes = append(contentTypes, r.Header.Get("Content-Type"))
		mu.Unlock()
		writeJSON(w, http.StatusOK, m)
	})
	c := mustNew(t, testConfig(srv.URL))
	ctx := context.Background()
	if _, err := c.CreateDatasource(ctx, newDatasource("", "g", "http://x")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateDatasource(ctx, newDatasource("p", "d", "http://x")); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if bodies[0]["kind"] != "GlobalDatasource" || bodies[1]["kind"] != "Datasource" {
		t.Errorf("kinds = %v, %v", bodies[0]["kind"], bodies[1]["kind"])
	}
	if _, ok := bodies[0]["metadata"].(map[string]any)["project"]; ok {
		t.Errorf("global datasource sent with a project: %v", bodies[0]["metadata"])
	}
	if md, ok := bodies[1]["metadata"].(map[string]any); !ok || md["project"] != "p" {
		t.Errorf("project datasource metadata = %v", bodies[1]["metadata"])
	}
	for _, ct := range contentTypes {
		if ct != "application/json" {
			t.Errorf("Content-Type = %q", ct)
		}
	}
}

func TestListDatasourcesFilter(t *testing.T) {
	fake := newFakePerses(t)
	srv := fake.start()
	c := mustNew(t, testConfig(srv.URL))
	ctx := context.Background()
	for _, name := range []string{"prom-a", "prom-b", "tempo"} {
		ds := newDatasource("", name, "http://x")
		ds.Spec.Default = name == "prom-a"
		if name == "tempo" {
			ds.Spec.Plugin.Kind = "TempoDatasource"
		}
		if _, err := c.CreateDatasource(ctx, ds); err != nil {
			t.Fatal(err)
		}
	}
	yes := true
	list, err := c.ListDatasources(ctx, "", DatasourceFilter{Kind: "PrometheusDatasource", Default: &yes, NamePrefix: "prom"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Metadata.Name != "prom-a" {
		t.Fatalf("list = %v", list)
	}
	q := fake.lastRequest().URL.Query()
	if q.Get("kind") != "PrometheusDatasource" || q.Get("default") != "true" || q.Get("name") != "prom" {
		t.Errorf("query = %v", q)
	}
	list, err = c.ListDatasources(ctx, "", DatasourceFilter{})
	if err != nil || len(list) != 3 {
		t.Fatalf("unfiltered list = %v, %v", list, err)
	}
	if fake.lastRequest().URL.RawQuery != "" {
		t.Errorf("unfiltered query = %q", fake.lastRequest().URL.RawQuery)
	}
}

// Perses answers 400, not 404, under a project that does not exist: it must look "gone".
func TestDatasourceUnderMissingProject(t *testing.T) {
	srv := newFakePerses(t).start()
	c := mustNew(t, testConfig(srv.URL))
	_, err := c.GetDatasource(context.Background(), "gone", "prom")
	if !errors.Is(err, ErrNotFound) || !errors.Is(err, ErrProjectNotFound) {
		t.Fatalf("err = %v, want ErrNotFound and ErrProjectNotFound", err)
	}
	_, err = c.CreateDatasource(context.Background(), newDatasource("gone", "prom", "http://x"))
	if !errors.Is(err, ErrProjectNotFound) || !errors.Is(err, ErrValidation) {
		t.Fatalf("create err = %v", err)
	}
}

func TestValidateDatasource(t *testing.T) {
	fake := newFakePerses(t)
	srv := fake.start()
	c := mustNew(t, testConfig(srv.URL))
	ctx := context.Background()
	if err := c.ValidateDatasource(ctx, newDatasource("", "ok", "http://x")); err != nil {
		t.Fatalf("valid global: %v", err)
	}
	if fake.lastRequest().URL.Path != "/api/validate/globaldatasources" {
		t.Errorf("path = %s", fake.lastRequest().URL.Path)
	}
	bad := newDatasource("p", "bad", "http://x")
	bad.Spec.Plugin.Kind = "Nope"
	err := c.ValidateDatasource(ctx, bad)
	if !errors.Is(err, ErrValidation) || !strings.Contains(err.Error(), "schema not found for plugin Nope") {
		t.Fatalf("err = %v", err)
	}
	if fake.lastRequest().URL.Path != "/api/validate/datasources" {
		t.Errorf("path = %s", fake.lastRequest().URL.Path)
	}
}

func TestNamesAreEscapedAndChecked(t *testing.T) {
	fake := newFakePerses(t)
	srv := fake.start()
	c := mustNew(t, testConfig(srv.URL))
	ctx := context.Background()
	_, _ = c.GetDatasource(ctx, "a b", "x/y")
	if got := fake.lastRequest().URL.EscapedPath(); got != "/api/v1/projects/a%20b/datasources/x%2Fy" {
		t.Errorf("path = %s", got)
	}
	for _, name := range []string{"", ".", ".."} {
		if _, err := c.GetDatasource(ctx, "", name); err == nil {
			t.Errorf("name %q accepted", name)
		}
	}
	if err := c.DeleteProject(ctx, ""); err == nil {
		t.Error("empty project name accepted")
	}
	if _, err := c.CreateDatasource(ctx, nil); err == nil {
		t.Error("nil datasource accepted")
	}
}
