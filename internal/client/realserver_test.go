package client

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// TestNativeLoginOutlivesAccessTokenTTLOnRealServer runs against a real Perses whose access
// tokens live 2s: a client that logged in keeps working after its token expired (the upstream
// Go client does not), because it refreshes or logs in again.
func TestNativeLoginOutlivesAccessTokenTTLOnRealServer(t *testing.T) {
	s := testbed.StartTestServer(t, testbed.ServerOptions{Auth: true, AccessTokenTTL: 2 * time.Second})
	auth := &authCallCounter{}
	c, err := New(Config{URL: s.URL, Username: s.AdminUsername, Password: s.AdminPassword, MaxRetries: 1, Logger: auth})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.CreateProject(ctx, &v1.Project{Metadata: v1.Metadata{Name: "ttl"}}); err != nil {
		t.Fatalf("create with a fresh login: %v", err)
	}
	deadline := time.Now().Add(7 * time.Second) // more than three token lifetimes
	calls := 0
	for time.Now().Before(deadline) {
		if _, err := c.GetProject(ctx, "ttl"); err != nil {
			t.Fatalf("call %d, %s after login: %v", calls, time.Until(deadline), err)
		}
		calls++
		time.Sleep(700 * time.Millisecond)
	}
	if calls < 8 {
		t.Fatalf("only %d calls in 7s", calls)
	}
	// One login, then at least one renewal per expired token (refresh or new login).
	if n := auth.count(); n < 3 {
		t.Fatalf("%d calls to /api/auth/ in 7s with 2s tokens: the token was not renewed", n)
	}
}

// authCallCounter counts the requests to the authentication endpoints, from the client's logs.
type authCallCounter struct {
	mu sync.Mutex
	n  int
}

func (a *authCallCounter) Debug(_ context.Context, msg string, fields map[string]any) {
	if u, _ := fields["url"].(string); msg == "Perses request" && strings.Contains(u, "/api/auth/") {
		a.mu.Lock()
		a.n++
		a.mu.Unlock()
	}
}

func (a *authCallCounter) Trace(context.Context, string, map[string]any) {}

func (a *authCallCounter) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n
}

// TestDefaultConflictOnRealServer: a real Perses refuses a second default of a kind in a scope,
// on create and on update, in both scopes; the client says which datasource is the default.
func TestDefaultConflictOnRealServer(t *testing.T) {
	s := testbed.StartTestServer(t, testbed.ServerOptions{})
	c, err := New(Config{URL: s.URL})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.CreateProject(ctx, &v1.Project{Metadata: v1.Metadata{Name: "team"}}); err != nil {
		t.Fatal(err)
	}
	for _, project := range []string{"", "team"} {
		t.Run("project="+project, func(t *testing.T) {
			current := newDatasource(project, "Current", "http://current:9090")
			current.Spec.Default = true
			if _, err := c.CreateDatasource(ctx, current); err != nil {
				t.Fatal(err)
			}
			second := newDatasource(project, "second", "http://second:9090")
			second.Spec.Default = true
			_, err := c.CreateDatasource(ctx, second)
			checkDefaultConflict(t, "create", err, "second", "current")

			second.Spec.Default = false
			if _, err := c.CreateDatasource(ctx, second); err != nil {
				t.Fatalf("create without the flag: %v", err)
			}
			second.Spec.Default = true
			_, err = c.UpdateDatasource(ctx, second)
			checkDefaultConflict(t, "update", err, "second", "current")
		})
	}
}

func checkDefaultConflict(t *testing.T, op string, err error, datasource, current string) {
	t.Helper()
	var conflict *DefaultConflictError
	if !errors.As(err, &conflict) || !errors.Is(err, ErrValidation) {
		t.Fatalf("%s: %v, want a *DefaultConflictError satisfying ErrValidation", op, err)
	}
	if conflict.Datasource != datasource || conflict.Kind != "PrometheusDatasource" || conflict.Current != current {
		t.Errorf("%s: conflict = %+v (%v)", op, conflict, err)
	}
}
