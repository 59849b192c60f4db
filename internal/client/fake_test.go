package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/perses/perses/pkg/model/api"
	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/perses/pkg/model/api/v1/common"
	"github.com/perses/spec/go/datasource"
	"github.com/perses/spec/go/plugin"
	"golang.org/x/oauth2"
)

// fakePerses mimics the parts of the Perses v0.54 REST API the client uses,
// with the server's observable quirks: 200 on create, 204 on delete, 415
// without a JSON content type, {"message"} error bodies, names lowercased
// (case_sensitive: false), 400 for a missing project on GET/POST.
type fakePerses struct {
	t      *testing.T
	prefix string

	mu          sync.Mutex
	globals     map[string]*v1.GlobalDatasource
	projects    map[string]*v1.Project
	datasources map[string]map[string]*v1.Datasource
	calls       []string
	requests    []*http.Request // clones, bodies not kept

	// afterCreate runs once an object is stored by a POST; returning true means it answered.
	afterCreate func(w http.ResponseWriter, r *http.Request) bool
	// before runs first; returning true means it answered.
	before func(w http.ResponseWriter, r *http.Request) bool

	auth *fakeAuth
}

func newFakePerses(t *testing.T) *fakePerses {
	return &fakePerses{
		t:           t,
		globals:     map[string]*v1.GlobalDatasource{},
		projects:    map[string]*v1.Project{},
		datasources: map[string]map[string]*v1.Datasource{},
	}
}

// start serves the fake on a loopback httptest server closed at the end of the test.
func (f *fakePerses) start() *httptest.Server {
	srv := httptest.NewServer(f)
	f.t.Cleanup(srv.Close)
	return srv
}

func (f *fakePerses) callCount(call string) int {
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

func (f *fakePerses) lastRequest() *http.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.requests) == 0 {
		return nil
	}
	return f.requests[len(f.requests)-1]
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeMessage(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

func (f *fakePerses) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.EscapedPath(), f.prefix)
	f.mu.Lock()
	f.calls = append(f.calls, r.Method+" "+path)
	f.requests = append(f.requests, r.Clone(context.Background()))
	before := f.before
	f.mu.Unlock()
	if before != nil && before(w, r) {
		return
	}
	if f.auth != nil && f.auth.serve(w, r, path) {
		return
	}
	if (r.Method == http.MethodPost || r.Method == http.MethodPut) && !strings.Contains(r.Header.Get("Content-Type"), "application/json") {
		writeMessage(w, http.StatusUnsupportedMediaType, "unsupported media type")
		return
	}
	var segs []string
	for _, s := range strings.Split(strings.Trim(path, "/"), "/") {
		u, err := url.PathUnescape(s)
		if err != nil {
			writeMessage(w, http.StatusBadRequest, "bad path")
			return
		}
		segs = append(segs, u)
	}
	switch {
	case len(segs) == 3 && segs[0] == "api" && segs[1] == "v1" && segs[2] == "health":
		writeJSON(w, http.StatusOK, &v1.Health{Version: "0.54.0", Commit: "fake", BuildTime: "now", Database: true})
	case len(segs) == 3 && segs[0] == "api" && segs[1] == "validate":
		f.validate(w, r, segs[2])
	case len(segs) >= 3 && segs[:3][0] == "api" && segs[1] == "v1" && segs[2] == "globaldatasources":
		f.globalDatasources(w, r, segs[3:])
	case len(segs) >= 5 && segs[0] == "api" && segs[1] == "v1" && segs[2] == "projects" && segs[4] == "datasources":
		f.projectDatasources(w, r, strings.ToLower(segs[3]), segs[5:])
	case len(segs) >= 3 && segs[0] == "api" && segs[1] == "v1" && segs[2] == "projects":
		f.projectsHandler(w, r, segs[3:])
	default:
		writeMessage(w, http.StatusNotFound, "Not Found")
	}
}

func (f *fakePerses) validate(w http.ResponseWriter, r *http.Request, what string) {
	var spec datasource.Spec
	switch what {
	case "globaldatasources":
		ds := &v1.GlobalDatasource{}
		if err := json.NewDecoder(r.Body).Decode(ds); err != nil {
			writeMessage(w, http.StatusBadRequest, "bad request: "+err.Error())
			return
		}
		spec = ds.Spec
	case "datasources":
		ds := &v1.Datasource{}
		if err := json.NewDecoder(r.Body).Decode(ds); err != nil {
			writeMessage(w, http.StatusBadRequest, "bad request: "+err.Error())
			return
		}
		spec = ds.Spec
	default:
		writeMessage(w, http.StatusNotFound, "Not Found")
		return
	}
	if spec.Plugin.Kind != "PrometheusDatasource" {
		writeMessage(w, http.StatusBadRequest, fmt.Sprintf("bad request: schema not found for plugin %s with version unknown", spec.Plugin.Kind))
		return
	}
	w.WriteHeader(http.StatusOK)
}

func filterNames[T any](m map[string]T, prefix string) []string {
	var names []string
	for n := range m {
		if strings.HasPrefix(n, prefix) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

func keepDatasource(q url.Values, spec datasource.Spec) bool {
	if k := q.Get("kind"); k != "" && k != spec.Plugin.Kind {
		return false
	}
	if d := q.Get("default"); d != "" {
		b, _ := strconv.ParseBool(d)
		return b == spec.Default
	}
	return true
}

func (f *fakePerses) globalDatasources(w http.ResponseWriter, r *http.Request, rest []string) {
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
		f.mu.Lock()
		list := []*v1.GlobalDatasource{}
		for _, n := range filterNames(f.globals, r.URL.Query().Get("name")) {
			if keepDatasource(r.URL.Query(), f.globals[n].Spec) {
				list = append(list, f.globals[n])
			}
		}
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, list)
	case len(rest) == 0 && r.Method == http.MethodPost:
		ds := &v1.GlobalDatasource{}
		if err := json.NewDecoder(r.Body).Decode(ds); err != nil {
			writeMessage(w, http.StatusBadRequest, "bad request: "+err.Error())
			return
		}
		ds.Metadata.Flatten(false)
		f.mu.Lock()
		if _, ok := f.globals[ds.Metadata.Name]; ok {
			f.mu.Unlock()
			writeMessage(w, http.StatusConflict, "document already exists")
			return
		}
		ds.Metadata.CreateNow()
		f.globals[ds.Metadata.Name] = ds
		after := f.afterCreate
		f.mu.Unlock()
		if after != nil && after(w, r) {
			return
		}
		writeJSON(w, http.StatusOK, ds)
	case len(rest) == 1:
		name := strings.ToLower(rest[0])
		f.mu.Lock()
		defer f.mu.Unlock()
		old, ok := f.globals[name]
		if !ok {
			writeMessage(w, http.StatusNotFound, "document not found")
			return
		}
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, old)
		case http.MethodDelete:
			delete(f.globals, name)
			w.WriteHeader(http.StatusNoContent)
		case http.MethodPut:
			ds := &v1.GlobalDatasource{}
			if err := json.NewDecoder(r.Body).Decode(ds); err != nil {
				writeMessage(w, http.StatusBadRequest, "bad request: "+err.Error())
				return
			}
			ds.Metadata.Flatten(false)
			if ds.Metadata.Name != name {
				writeMessage(w, http.StatusBadRequest, "bad request: metadata.name and the name in the http path request don't match")
				return
			}
			ds.Metadata.Update(old.Metadata)
			f.globals[name] = ds
			writeJSON(w, http.StatusOK, ds)
		}
	default:
		writeMessage(w, http.StatusMethodNotAllowed, "Method Not Allowed")
	}
}

func (f *fakePerses) projectDatasources(w http.ResponseWriter, r *http.Request, project string, rest []string) {
	f.mu.Lock()
	_, projectExists := f.projects[project]
	f.mu.Unlock()
	if !projectExists && (r.Method == http.MethodGet || r.Method == http.MethodPost) {
		writeMessage(w, http.StatusBadRequest, fmt.Sprintf("bad request: metadata.project %q doesn't exist", project))
		return
	}
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
		f.mu.Lock()
		list := []*v1.Datasource{}
		for _, n := range filterNames(f.datasources[project], r.URL.Query().Get("name")) {
			if keepDatasource(r.URL.Query(), f.datasources[project][n].Spec) {
				list = append(list, f.datasources[project][n])
			}
		}
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, list)
	case len(rest) == 0 && r.Method == http.MethodPost:
		ds := &v1.Datasource{}
		if err := json.NewDecoder(r.Body).Decode(ds); err != nil {
			writeMessage(w, http.StatusBadRequest, "bad request: "+err.Error())
			return
		}
		ds.Metadata.Flatten(false)
		if ds.Metadata.Project != project {
			writeMessage(w, http.StatusBadRequest, "bad request: project parameter value does not match provided metadata value")
			return
		}
		f.mu.Lock()
		if f.datasources[project] == nil {
			f.datasources[project] = map[string]*v1.Datasource{}
		}
		if _, ok := f.datasources[project][ds.Metadata.Name]; ok {
			f.mu.Unlock()
			writeMessage(w, http.StatusConflict, "document already exists")
			return
		}
		ds.Metadata.CreateNow()
		f.datasources[project][ds.Metadata.Name] = ds
		after := f.afterCreate
		f.mu.Unlock()
		if after != nil && after(w, r) {
			return
		}
		writeJSON(w, http.StatusOK, ds)
	case len(rest) == 1:
		name := strings.ToLower(rest[0])
		f.mu.Lock()
		defer f.mu.Unlock()
		old, ok := f.datasources[project][name]
		if !ok {
			writeMessage(w, http.StatusNotFound, "document not found")
			return
		}
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, old)
		case http.MethodDelete:
			delete(f.datasources[project], name)
			w.WriteHeader(http.StatusNoContent)
		case http.MethodPut:
			ds := &v1.Datasource{}
			if err := json.NewDecoder(r.Body).Decode(ds); err != nil {
				writeMessage(w, http.StatusBadRequest, "bad request: "+err.Error())
				return
			}
			ds.Metadata.Flatten(false)
			ds.Metadata.Update(old.Metadata)
			f.datasources[project][name] = ds
			writeJSON(w, http.StatusOK, ds)
		}
	default:
		writeMessage(w, http.StatusMethodNotAllowed, "Method Not Allowed")
	}
}

func (f *fakePerses) projectsHandler(w http.ResponseWriter, r *http.Request, rest []string) {
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
		f.mu.Lock()
		list := []*v1.Project{}
		for _, n := range filterNames(f.projects, r.URL.Query().Get("name")) {
			list = append(list, f.projects[n])
		}
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, list)
	case len(rest) == 0 && r.Method == http.MethodPost:
		p := &v1.Project{}
		if err := json.NewDecoder(r.Body).Decode(p); err != nil {
			writeMessage(w, http.StatusBadRequest, "bad request: "+err.Error())
			return
		}
		p.Metadata.Flatten(false)
		f.mu.Lock()
		if _, ok := f.projects[p.Metadata.Name]; ok {
			f.mu.Unlock()
			writeMessage(w, http.StatusConflict, "document already exists")
			return
		}
		p.Metadata.CreateNow()
		f.projects[p.Metadata.Name] = p
		after := f.afterCreate
		f.mu.Unlock()
		if after != nil && after(w, r) {
			return
		}
		writeJSON(w, http.StatusOK, p)
	case len(rest) == 1:
		name := strings.ToLower(rest[0])
		f.mu.Lock()
		defer f.mu.Unlock()
		old, ok := f.projects[name]
		if !ok {
			writeMessage(w, http.StatusNotFound, "document not found")
			return
		}
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, old)
		case http.MethodDelete:
			delete(f.projects, name)
			delete(f.datasources, name)
			w.WriteHeader(http.StatusNoContent)
		case http.MethodPut:
			p := &v1.Project{}
			if err := json.NewDecoder(r.Body).Decode(p); err != nil {
				writeMessage(w, http.StatusBadRequest, "bad request: "+err.Error())
				return
			}
			p.Metadata.Flatten(false)
			p.Metadata.Update(old.Metadata)
			f.projects[name] = p
			writeJSON(w, http.StatusOK, p)
		}
	default:
		writeMessage(w, http.StatusMethodNotAllowed, "Method Not Allowed")
	}
}

// fakeAuth is the native provider: login and refresh hand out numbered
// tokens; a request is authorized while its access token is in valid.
type fakeAuth struct {
	user, password string
	expiresIn      int64

	mu           sync.Mutex
	n            int
	valid        map[string]bool
	validRefresh map[string]bool
	logins       int
	refreshes    int
	issued       []string
	unauthorized int
}

func newFakeAuth(user, password string) *fakeAuth {
	return &fakeAuth{user: user, password: password, expiresIn: 900, valid: map[string]bool{}, validRefresh: map[string]bool{}}
}

func (a *fakeAuth) counts() (logins, refreshes, unauthorized int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.logins, a.refreshes, a.unauthorized
}

// expireAll is the server side of an access_token_ttl passing.
func (a *fakeAuth) expireAll() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.valid = map[string]bool{}
}

func (a *fakeAuth) expireRefreshTokens() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.validRefresh = map[string]bool{}
}

func (a *fakeAuth) issue(refresh string) *oauth2.Token {
	a.n++
	access := fmt.Sprintf("access-SECRETJWT-%d", a.n)
	a.valid[access] = true
	if refresh == "" {
		refresh = fmt.Sprintf("refresh-SECRETJWT-%d", a.n)
		a.validRefresh[refresh] = true
	}
	a.issued = append(a.issued, access, refresh)
	return &oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: "bearer", ExpiresIn: a.expiresIn}
}

func (a *fakeAuth) serve(w http.ResponseWriter, r *http.Request, path string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch path {
	case "/api/auth/providers/native/login":
		body := &api.Auth{}
		if err := json.NewDecoder(r.Body).Decode(body); err != nil {
			writeMessage(w, http.StatusBadRequest, "bad request: "+err.Error())
			return true
		}
		a.logins++
		if body.Login != a.user || body.Password != a.password {
			writeMessage(w, http.StatusBadRequest, "bad request: wrong login or password ")
			return true
		}
		tok := a.issue("")
		// Like Perses, also set the token as cookies.
		http.SetCookie(w, &http.Cookie{Name: "jwtPayload", Value: tok.AccessToken})
		writeJSON(w, http.StatusOK, tok)
		return true
	case "/api/auth/refresh":
		body := &api.RefreshRequest{}
		if err := json.NewDecoder(r.Body).Decode(body); err != nil {
			writeMessage(w, http.StatusBadRequest, "bad request: "+err.Error())
			return true
		}
		a.refreshes++
		if !a.validRefresh[body.RefreshToken] {
			writeMessage(w, http.StatusBadRequest, "bad request: token has invalid claims: token is expired")
			return true
		}
		writeJSON(w, http.StatusOK, a.issue(body.RefreshToken))
		return true
	}
	if !a.valid[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")] {
		a.unauthorized++
		writeMessage(w, http.StatusUnauthorized, "invalid or expired jwt")
		return true
	}
	return false
}

// testConfig is a Config for a fake server: fast retries, short timeouts.
func testConfig(serverURL string) Config {
	return Config{
		URL:            serverURL,
		RequestTimeout: 2 * time.Second,
		RetryWaitMin:   time.Millisecond,
		RetryWaitMax:   5 * time.Millisecond,
	}
}

func mustNew(t *testing.T, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func promSpec(url string) datasource.Spec {
	return datasource.Spec{
		Default: true,
		Plugin: plugin.Plugin{
			Kind: "PrometheusDatasource",
			Spec: map[string]any{"directUrl": url},
		},
	}
}

func newDatasource(project, name, url string) *v1.Datasource {
	return &v1.Datasource{Metadata: *v1.NewProjectMetadata(project, name), Spec: promSpec(url)}
}

func newProject(name, display string) *v1.Project {
	p := &v1.Project{Kind: v1.KindProject, Metadata: *v1.NewMetadata(name)}
	if display != "" {
		p.Spec.Display = &common.Display{Name: display}
	}
	return p
}

// hijackAndClose drops the connection without an answer.
func hijackAndClose(t *testing.T, w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Errorf("response writer cannot hijack")
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	_ = conn.Close()
}

func drain(r *http.Request) { _, _ = io.Copy(io.Discard, r.Body) }

// newServer is a plain httptest server closed at the end of the test.
func newServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
