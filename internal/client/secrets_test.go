package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/perses/pkg/model/api/v1/secret"
)

// fakeSecrets mimics Perses' secret endpoints: it stores what it is sent, answers every read
// and write with the values masked (v1.NewPublicSecretSpec, as the server does), lowercases
// names, and answers 400 under a project it does not know.
type fakeSecrets struct {
	t        *testing.T
	projects map[string]bool

	mu     sync.Mutex
	stored map[string]*v1.Secret // by "project/name", project "" for global
	calls  []string
	bodies []string
	// afterCreate runs once a POST is stored; returning true means it answered.
	afterCreate func(w http.ResponseWriter) bool
	// reject, when set, answers every write with 400 and this message.
	reject string
}

func newFakeSecrets(t *testing.T, projects ...string) *fakeSecrets {
	f := &fakeSecrets{t: t, projects: map[string]bool{}, stored: map[string]*v1.Secret{}}
	for _, p := range projects {
		f.projects[p] = true
	}
	return f
}

func (f *fakeSecrets) callCount(call string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		if c == call {
			n++
		}
	}
	return n
}

func (f *fakeSecrets) storedSpec(project, name string) v1.SecretSpec {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.stored[project+"/"+name]
	if !ok {
		f.t.Fatalf("no secret %s/%s stored", project, name)
	}
	return s.Spec
}

// public is what Perses answers for a stored secret: values masked, the scope's kind.
func public(s *v1.Secret) any {
	if s.Metadata.Project == "" {
		return v1.NewPublicGlobalSecret(&v1.GlobalSecret{Kind: v1.KindGlobalSecret, Metadata: s.Metadata.Metadata, Spec: s.Spec})
	}
	return v1.NewPublicSecret(s)
}

func (f *fakeSecrets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.calls = append(f.calls, r.Method+" "+r.URL.EscapedPath())
	f.bodies = append(f.bodies, string(body))
	reject := f.reject
	f.mu.Unlock()

	var segs []string
	for _, s := range strings.Split(strings.Trim(r.URL.EscapedPath(), "/"), "/") {
		u, _ := url.PathUnescape(s)
		segs = append(segs, u)
	}
	var project, name string
	switch {
	case len(segs) >= 3 && segs[2] == "globalsecrets":
		segs = segs[3:]
	case len(segs) >= 5 && segs[2] == "projects" && segs[4] == "secrets":
		project = strings.ToLower(segs[3])
		if !f.projects[project] {
			writeMessage(w, http.StatusBadRequest, fmt.Sprintf("bad request: metadata.project %q doesn't exist", project))
			return
		}
		segs = segs[5:]
	default:
		writeMessage(w, http.StatusNotFound, "Not Found")
		return
	}
	if len(segs) == 1 {
		name = strings.ToLower(segs[0])
	}
	if reject != "" && (r.Method == http.MethodPost || r.Method == http.MethodPut) {
		writeMessage(w, http.StatusBadRequest, reject)
		return
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	key := project + "/" + name
	switch {
	case r.Method == http.MethodGet && name == "":
		var list []any
		for _, s := range f.stored {
			if s.Metadata.Project == project {
				list = append(list, public(s))
			}
		}
		writeJSON(w, http.StatusOK, list)
	case r.Method == http.MethodPost && name == "":
		s := &v1.Secret{}
		if err := json.Unmarshal(body, s); err != nil {
			writeMessage(w, http.StatusBadRequest, "bad request: "+err.Error())
			return
		}
		s.Metadata.Flatten(false)
		s.Metadata.Project = project
		key = project + "/" + s.Metadata.Name
		if _, ok := f.stored[key]; ok {
			writeMessage(w, http.StatusConflict, "document already exists")
			return
		}
		s.Metadata.CreateNow()
		f.stored[key] = s
		if f.afterCreate != nil {
			after := f.afterCreate
			f.mu.Unlock()
			answered := after(w)
			f.mu.Lock()
			if answered {
				return
			}
		}
		writeJSON(w, http.StatusOK, public(s))
	case name == "":
		writeMessage(w, http.StatusMethodNotAllowed, "Method Not Allowed")
	case f.stored[key] == nil:
		writeMessage(w, http.StatusNotFound, "document not found")
	case r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, public(f.stored[key]))
	case r.Method == http.MethodDelete:
		delete(f.stored, key)
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodPut:
		s := &v1.Secret{}
		if err := json.Unmarshal(body, s); err != nil {
			writeMessage(w, http.StatusBadRequest, "bad request: "+err.Error())
			return
		}
		s.Metadata.Flatten(false)
		s.Metadata.Project = project
		s.Metadata.Update(f.stored[key].Metadata)
		f.stored[key] = s
		writeJSON(w, http.StatusOK, public(s))
	}
}

func newSecret(project, name, username, password string) *v1.Secret {
	return &v1.Secret{
		Metadata: *v1.NewProjectMetadata(project, name),
		Spec:     v1.SecretSpec{BasicAuth: &secret.BasicAuth{Username: username, Password: password}},
	}
}

func TestSecretCRUDBothScopes(t *testing.T) {
	fake := newFakeSecrets(t, "team")
	c := mustNew(t, testConfig(newServer(t, fake.ServeHTTP).URL))
	ctx := context.Background()
	for _, project := range []string{"", "team"} {
		t.Run("project="+project, func(t *testing.T) {
			created, err := c.CreateSecret(ctx, newSecret(project, "Prom-Auth", "reader", "first-password"))
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			wantKind := v1.KindSecret
			if project == "" {
				wantKind = v1.KindGlobalSecret
			}
			if created.Kind != wantKind || created.Metadata.Name != "prom-auth" || created.Metadata.Project != project {
				t.Fatalf("created = %+v %+v", created.Kind, created.Metadata)
			}
			// The server holds the value; what comes back is masked.
			if got := fake.storedSpec(project, "prom-auth").BasicAuth.Password; got != "first-password" {
				t.Errorf("server holds %q", got)
			}
			if created.Spec.BasicAuth.Password != MaskedSecretValue || created.Spec.BasicAuth.Username != "reader" {
				t.Errorf("created spec = %+v", created.Spec.BasicAuth)
			}

			got, err := c.GetSecret(ctx, project, "prom-auth")
			if err != nil || got.Spec.BasicAuth.Password != MaskedSecretValue {
				t.Fatalf("get = %+v, %v", got, err)
			}

			updated, err := c.UpdateSecret(ctx, newSecret(project, "prom-auth", "reader", "second-password"))
			if err != nil || updated.Metadata.Version != 1 {
				t.Fatalf("update = %+v, %v", updated, err)
			}
			if got := fake.storedSpec(project, "prom-auth").BasicAuth.Password; got != "second-password" {
				t.Errorf("after update the server holds %q", got)
			}

			list, err := c.ListSecrets(ctx, project, "")
			if err != nil || len(list) != 1 || list[0].Metadata.Project != project {
				t.Fatalf("list = %v, %v", list, err)
			}

			if err := c.DeleteSecret(ctx, project, "prom-auth"); err != nil {
				t.Fatalf("delete: %v", err)
			}
			if _, err := c.GetSecret(ctx, project, "prom-auth"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("get after delete: %v, want ErrNotFound", err)
			}
		})
	}
	for call, want := range map[string]int{
		"POST /api/v1/globalsecrets":          1,
		"PUT /api/v1/globalsecrets/prom-auth": 1,
		"POST /api/v1/projects/team/secrets":  1,
	} {
		if n := fake.callCount(call); n != want {
			t.Errorf("%s: %d calls, want %d", call, n, want)
		}
	}
}

// The wire object carries the scope's kind, the values in clear (the server needs them) and,
// for a global secret, no project.
func TestSecretWireFormat(t *testing.T) {
	fake := newFakeSecrets(t, "p")
	c := mustNew(t, testConfig(newServer(t, fake.ServeHTTP).URL))
	ctx := context.Background()
	if _, err := c.CreateSecret(ctx, newSecret("", "g", "u", "global-pass")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateSecret(ctx, newSecret("p", "s", "u", "project-pass")); err != nil {
		t.Fatal(err)
	}
	var global, project map[string]any
	_ = json.Unmarshal([]byte(fake.bodies[0]), &global)
	_ = json.Unmarshal([]byte(fake.bodies[1]), &project)
	if global["kind"] != "GlobalSecret" || project["kind"] != "Secret" {
		t.Errorf("kinds = %v, %v", global["kind"], project["kind"])
	}
	if _, ok := global["metadata"].(map[string]any)["project"]; ok {
		t.Errorf("global secret sent with a project: %v", global["metadata"])
	}
	if md, _ := project["metadata"].(map[string]any); md["project"] != "p" {
		t.Errorf("project secret metadata = %v", project["metadata"])
	}
	if !strings.Contains(fake.bodies[0], `"password":"global-pass"`) {
		t.Errorf("body = %s", fake.bodies[0])
	}
}

func TestSecretUnderMissingProject(t *testing.T) {
	fake := newFakeSecrets(t)
	c := mustNew(t, testConfig(newServer(t, fake.ServeHTTP).URL))
	_, err := c.GetSecret(context.Background(), "gone", "s")
	if !errors.Is(err, ErrNotFound) || !errors.Is(err, ErrProjectNotFound) {
		t.Fatalf("err = %v, want ErrNotFound and ErrProjectNotFound", err)
	}
}

// The answer to a POST is lost after the server stored the secret: the client finds it by its
// masked spec and, unable to compare the values, writes them again with a PUT.
func TestSecretAmbiguousCreateIsWrittenAgain(t *testing.T) {
	fake := newFakeSecrets(t)
	first := true
	fake.afterCreate = func(w http.ResponseWriter) bool {
		if first {
			first = false
			hijackAndClose(t, w)
			return true
		}
		return false
	}
	cfg := testConfig(newServer(t, fake.ServeHTTP).URL)
	cfg.MaxRetries = 2
	c := mustNew(t, cfg)
	got, err := c.CreateSecret(context.Background(), newSecret("", "auth", "u", "the-password"))
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if got.Metadata.Name != "auth" {
		t.Errorf("got = %+v", got.Metadata)
	}
	for call, want := range map[string]int{
		"POST /api/v1/globalsecrets":     1,
		"GET /api/v1/globalsecrets/auth": 1,
		"PUT /api/v1/globalsecrets/auth": 1,
	} {
		if n := fake.callCount(call); n != want {
			t.Errorf("%s: %d calls, want %d (%v)", call, n, want, fake.calls)
		}
	}
	if p := fake.storedSpec("", "auth").BasicAuth.Password; p != "the-password" {
		t.Errorf("server holds %q", p)
	}
}

// A secret with the same name but another shape is somebody else's: a conflict, no PUT.
func TestSecretAmbiguousCreateOtherSpecIsConflict(t *testing.T) {
	fake := newFakeSecrets(t)
	fake.afterCreate = func(w http.ResponseWriter) bool {
		fake.mu.Lock()
		fake.stored["/auth"].Spec = v1.SecretSpec{Authorization: &secret.Authorization{Type: "Bearer", Credentials: "x"}}
		fake.mu.Unlock()
		hijackAndClose(t, w)
		return true
	}
	cfg := testConfig(newServer(t, fake.ServeHTTP).URL)
	cfg.MaxRetries = 2
	c := mustNew(t, cfg)
	_, err := c.CreateSecret(context.Background(), newSecret("", "auth", "u", "the-password"))
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("err = %v, want ErrConflict", err)
	}
	if n := fake.callCount("PUT /api/v1/globalsecrets/auth"); n != 0 {
		t.Errorf("%d PUTs", n)
	}
}

// Whatever the server echoes in an error, the values sent do not reach the error text.
func TestSecretValuesScrubbedFromErrors(t *testing.T) {
	fake := newFakeSecrets(t)
	fake.reject = `bad request: cannot use password "echoed-password" or key "echoed-key"`
	c := mustNew(t, testConfig(newServer(t, fake.ServeHTTP).URL))
	s := newSecret("", "auth", "u", "echoed-password")
	s.Spec.TLSConfig = &secret.TLSConfig{Key: "echoed-key"}
	for name, call := range map[string]func() error{
		"create": func() error { _, err := c.CreateSecret(context.Background(), s); return err },
		"update": func() error { _, err := c.UpdateSecret(context.Background(), s); return err },
	} {
		err := call()
		if !errors.Is(err, ErrValidation) {
			t.Fatalf("%s: err = %v, want ErrValidation", name, err)
		}
		if strings.Contains(err.Error(), "echoed-") || !strings.Contains(err.Error(), `password "***"`) {
			t.Errorf("%s: error text = %s", name, err)
		}
	}
}

// Writes of a secret log the request body at Trace with every value masked.
func TestSecretValuesNeverLogged(t *testing.T) {
	fake := newFakeSecrets(t, "team")
	logger := &recordingLogger{}
	cfg := testConfig(newServer(t, fake.ServeHTTP).URL)
	cfg.Logger = logger
	c := mustNew(t, cfg)
	s := newSecret("team", "all", "reader", "logged-password")
	s.Spec.BasicAuth = nil
	s.Spec.OAuth = &secret.OAuth{ClientID: "logged-client-id", ClientSecret: "logged-client-secret", TokenURL: "https://idp.example.com/token"}
	s.Spec.TLSConfig = &secret.TLSConfig{CA: "logged-ca", Cert: "logged-cert", Key: "logged-key"}
	if _, err := c.CreateSecret(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	s.Spec.OAuth = nil
	s.Spec.Authorization = &secret.Authorization{Type: "Bearer", Credentials: "logged-credentials"}
	if _, err := c.UpdateSecret(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	logs := logger.text()
	if !strings.Contains(logs, "Perses request") || !strings.Contains(logs, "tokenURL") {
		t.Fatalf("request bodies not logged:\n%s", logs)
	}
	assertNoSecrets(t, logs, "logged-")
}
