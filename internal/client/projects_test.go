package client

import (
	"context"
	"errors"
	"testing"
)

func TestProjectCRUD(t *testing.T) {
	fake := newFakePerses(t)
	srv := fake.start()
	c := mustNew(t, testConfig(srv.URL))
	ctx := context.Background()

	created, err := c.CreateProject(ctx, newProject("Team", "The team"))
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if created.Metadata.Name != "team" || created.Spec.Display == nil || created.Spec.Display.Name != "The team" {
		t.Fatalf("created = %+v", created)
	}
	if _, err := c.CreateProject(ctx, newProject("team", "")); !errors.Is(err, ErrConflict) {
		t.Fatalf("second create: %v, want ErrConflict", err)
	}
	got, err := c.GetProject(ctx, "team")
	if err != nil || got.Metadata.Name != "team" {
		t.Fatalf("get = %+v, %v", got, err)
	}
	updated, err := c.UpdateProject(ctx, newProject("team", "Renamed"))
	if err != nil || updated.Spec.Display.Name != "Renamed" || updated.Metadata.Version != 1 {
		t.Fatalf("update = %+v, %v", updated, err)
	}
	if _, err := c.CreateProject(ctx, newProject("other", "")); err != nil {
		t.Fatal(err)
	}
	list, err := c.ListProjects(ctx, "te")
	if err != nil || len(list) != 1 || list[0].Metadata.Name != "team" {
		t.Fatalf("list = %v, %v", list, err)
	}
	if q := fake.lastRequest().URL.Query().Get("name"); q != "te" {
		t.Errorf("name query = %q", q)
	}
	if all, err := c.ListProjects(ctx, ""); err != nil || len(all) != 2 {
		t.Fatalf("list all = %v, %v", all, err)
	}
	if err := c.DeleteProject(ctx, "team"); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := c.GetProject(ctx, "team"); !errors.Is(err, ErrNotFound) || errors.Is(err, ErrProjectNotFound) {
		t.Fatalf("get after delete: %v", err)
	}
}

func TestHealth(t *testing.T) {
	fake := newFakePerses(t)
	srv := fake.start()
	c := mustNew(t, testConfig(srv.URL))
	h, err := c.Health(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if h.Version != "0.54.0" || !h.Database {
		t.Errorf("health = %+v", h)
	}
	if got := fake.lastRequest().URL.Path; got != "/api/v1/health" {
		t.Errorf("path = %s", got)
	}
}
