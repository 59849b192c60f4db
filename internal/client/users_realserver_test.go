package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// TestUserRoutesOnRealServer measures what Perses v0.54.0 does with users, as users.go says:
// what POST needs, what GET answers of the password, what a PUT keeps, and what it answers for
// a user with oauthProviders.
func TestUserRoutesOnRealServer(t *testing.T) {
	s := testbed.StartTestServer(t, testbed.ServerOptions{Auth: true})
	c, err := New(Config{URL: s.URL, Username: s.AdminUsername, Password: s.AdminPassword, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	login := func(name, password string) error {
		_, err := s.LoginAs(ctx, name, password)
		return err
	}
	user := func(name, first, last, password string) *v1.User {
		return &v1.User{Metadata: v1.Metadata{Name: name}, Spec: v1.UserSpec{FirstName: first, LastName: last, NativeProvider: v1.NativeProvider{Password: password}}}
	}

	// POST without a password.
	_, err = c.CreateUser(ctx, user("nopassword", "No", "Password", ""))
	if !errors.Is(err, ErrValidation) || !strings.Contains(err.Error(), "password cannot be empty") {
		t.Fatalf("create without password: %v, want 400 password cannot be empty", err)
	}

	// POST, then GET: the password is masked, never the hash.
	created, err := c.CreateUser(ctx, user("bob", "Bob", "Builder", "first-password"))
	if err != nil {
		t.Fatal(err)
	}
	if created.Spec.NativeProvider.Password != "<secret>" {
		t.Errorf("create answered password %q, want <secret>", created.Spec.NativeProvider.Password)
	}
	var raw json.RawMessage
	if err := c.do(ctx, &request{method: http.MethodGet, path: apiPath("users", "bob"), out: &raw, resend: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "$2a$") || strings.Contains(string(raw), "first-password") {
		t.Errorf("GET answers the password or its hash: %s", raw)
	}
	t.Logf("GET /api/v1/users/bob: %s", raw)
	if err := login("bob", "first-password"); err != nil {
		t.Fatal(err)
	}

	// PUT without password and names: they are kept; the old password still logs in.
	updated, err := c.UpdateUser(ctx, user("bob", "", "", ""))
	if err != nil {
		t.Fatal(err)
	}
	if updated.Spec.FirstName != "Bob" || updated.Spec.LastName != "Builder" || updated.Metadata.Version <= created.Metadata.Version {
		t.Errorf("PUT with empty names answered %+v (version %d after %d), want the names kept and a new version", updated.Spec, updated.Metadata.Version, created.Metadata.Version)
	}
	if err := login("bob", "first-password"); err != nil {
		t.Errorf("after a PUT without password, the old password: %v", err)
	}

	// PUT with a new password: the new one logs in, the old one no longer.
	if _, err := c.UpdateUser(ctx, user("bob", "Robert", "Builder", "second-password")); err != nil {
		t.Fatal(err)
	}
	if err := login("bob", "second-password"); err != nil {
		t.Errorf("new password: %v", err)
	}
	if err := login("bob", "first-password"); err == nil || !strings.Contains(err.Error(), "wrong login or password") {
		t.Errorf("old password after the change: %v, want 400 wrong login or password", err)
	}

	// A user with oauthProviders (no password): POST refuses it, for want of a password; Perses
	// only makes one at a first OIDC/OAuth login. Written into the file database as that login
	// stores it, it reads back with its oauthProviders and no password; a PUT with a password
	// and no oauthProviders makes it a native user and drops them.
	oauth := user("carol", "Carol", "", "")
	oauth.Spec.OauthProviders = []v1.OAuthProvider{{Issuer: "https://issuer.example.com", Email: "carol@example.com", Subject: "carol"}}
	if _, err := c.CreateUser(ctx, oauth); !errors.Is(err, ErrValidation) || !strings.Contains(err.Error(), "password cannot be empty") {
		t.Errorf("POST of an OAuth user: %v, want 400 password cannot be empty", err)
	}
	oauth.Kind = v1.KindUser
	data, err := json.Marshal(oauth)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.DataDir, "users", "carol.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetUser(ctx, "carol")
	if err != nil || len(got.Spec.OauthProviders) != 1 || got.Spec.NativeProvider.Password != "" {
		t.Errorf("GET of the OAuth user: %+v, %v; want its oauthProviders and no password", got, err)
	}
	converted, err := c.UpdateUser(ctx, user("carol", "Carol", "", "carol-password"))
	if err != nil || len(converted.Spec.OauthProviders) != 0 {
		t.Errorf("PUT of a password to the OAuth user: %+v, %v; want a native user without oauthProviders", converted, err)
	}
	if err := login("carol", "carol-password"); err != nil {
		t.Errorf("login of the converted user: %v", err)
	}

	// A PUT with both is refused; a PUT adding oauthProviders to a native user (no password in
	// the body, so the hash is kept) is stored, and from then on every read of that user, every
	// list of users and its login answer 500: the provider never sends oauthProviders.
	both := user("bob", "", "", "x")
	both.Spec.OauthProviders = oauth.Spec.OauthProviders
	if _, err := c.UpdateUser(ctx, both); !errors.Is(err, ErrValidation) || !strings.Contains(err.Error(), "mutually exclusive") {
		t.Errorf("PUT of both: %v, want 400 mutually exclusive", err)
	}
	linked := user("bob", "", "", "")
	linked.Spec.OauthProviders = oauth.Spec.OauthProviders
	_, _ = c.UpdateUser(ctx, linked)
	if _, err := c.ListUsers(ctx, ""); err == nil || !strings.Contains(err.Error(), "500") {
		t.Errorf("list after a user got both: %v, want 500", err)
	}
}

// TestUsersWithAuthOffOnRealServer: with auth off, Perses still serves the users API (create,
// get, list, delete all succeed), but its native login route answers 404: nobody can log in.
func TestUsersWithAuthOffOnRealServer(t *testing.T) {
	s := testbed.StartTestServer(t, testbed.ServerOptions{})
	c, err := New(Config{URL: s.URL, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.CreateUser(ctx, &v1.User{Metadata: v1.Metadata{Name: "dave"}, Spec: v1.UserSpec{NativeProvider: v1.NativeProvider{Password: "p"}}}); err != nil {
		t.Fatalf("create with auth off: %v", err)
	}
	if list, err := c.ListUsers(ctx, ""); err != nil || len(list) != 1 {
		t.Fatalf("list with auth off: %d users, %v", len(list), err)
	}
	login := &request{method: http.MethodPost, path: "/api/auth/providers/native/login", body: map[string]string{"login": "dave", "password": "p"}}
	if err := c.do(ctx, login); !errors.Is(err, ErrNotFound) {
		t.Fatalf("login with auth off: %v, want 404", err)
	}
	if err := c.DeleteUser(ctx, "dave"); err != nil {
		t.Fatal(err)
	}
}
