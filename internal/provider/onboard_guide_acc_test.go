package provider

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perses/terraform-provider-perses/internal/probe"
	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// onboardExample is the example of the guide "Onboard a team": a root module calling the team
// module once per team.
const onboardExample = "../../examples/onboard-a-team"

// The members the example binds; the test bed provisions them without any permission, as an
// identity provider would (their rights come from the example's bindings alone).
var onboardMembers = map[string]string{"alice": "checkout", "bob": "payments", "carol": "payments"}

// TestAccOnboardTeamGuide applies the guide's example as a user does (terraform init, apply, plan
// in a copy of the example folder, credentials and the Prometheus password from the environment)
// on a server with auth on, the teams' Prometheus URLs pointed at a real Prometheus on loopback.
// Then it logs in as each member: in their own project they read the datasources, query
// Prometheus through Perses' proxy (the secret works) and create a dashboard; they cannot read
// the project's secrets, nor anything of the other team's project, nor the global datasources.
// The plan after the apply is empty; with write-only attributes the password is not in the state.
func TestAccOnboardTeamGuide(t *testing.T) {
	users := []testbed.ProvisionedUser{}
	for name := range onboardMembers {
		users = append(users, testbed.ProvisionedUser{Name: name, Password: name + "-onboard-password"})
	}
	s := accFreshServer(t, testbed.ServerOptions{Auth: true, Users: users})
	const password = "onboard-prometheus-password"
	prom := testbed.StartTestPrometheus(t, testbed.PrometheusOptions{Username: "perses", Password: password})

	w := newCLIWorkspace(t)
	writeOnly := cliSupports(t, featureWriteOnly)
	copyExample(t, onboardExample, w.dir, func(file, content string) string {
		if file == "main.tf" {
			for _, team := range []string{"checkout", "payments"} {
				content = strings.ReplaceAll(content, "http://prometheus."+team+".svc:9090", prom.URL)
			}
		}
		if !writeOnly {
			content = sensitiveFormOf(content)
		}
		return content
	})
	// The provider runs in this process (reattached): its environment is this test's.
	t.Setenv("PERSES_URL", s.URL)
	t.Setenv("PERSES_USERNAME", s.AdminUsername)
	t.Setenv("PERSES_PASSWORD", s.AdminPassword)
	env := []string{"TF_VAR_prometheus_password=" + password}
	w.mustRun(t, env, "init", "-input=false", "-no-color")
	w.mustRun(t, env, "apply", "-input=false", "-no-color", "-auto-approve")
	w.mustRun(t, env, "plan", "-input=false", "-no-color", "-detailed-exitcode") // exit 2 would mean changes

	if state, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate")); err != nil {
		t.Fatal(err)
	} else if inState := bytes.Contains(state, []byte(password)); inState == writeOnly {
		t.Errorf("the Prometheus password in the state: %v; want it there only on a CLI without write-only attributes (this one has them: %v)", inState, writeOnly)
	}

	for _, u := range users {
		own := onboardMembers[u.Name]
		other := "payments"
		if own == other {
			other = "checkout"
		}
		token, err := s.LoginAs(context.Background(), u.Name, u.Password)
		if err != nil {
			t.Fatal(err)
		}
		dashboard := func(project string) string {
			return `{"kind":"Dashboard","metadata":{"name":"` + u.Name + `-board","project":"` + project + `"},"spec":{"duration":"1h","panels":{},"layouts":[]}}`
		}
		for _, c := range []struct {
			method, path, body string
			want               int
		}{
			{http.MethodGet, "/api/v1/projects/" + own + "/datasources", "", http.StatusOK},
			{http.MethodPost, "/proxy/projects/" + own + "/datasources/prometheus/api/v1/query", "query=up", http.StatusOK},
			{http.MethodPost, "/api/v1/projects/" + own + "/dashboards", dashboard(own), http.StatusOK},
			{http.MethodGet, "/api/v1/projects/" + own + "/secrets", "", http.StatusForbidden},
			{http.MethodGet, "/api/v1/projects/" + other + "/datasources", "", http.StatusForbidden},
			{http.MethodPost, "/proxy/projects/" + other + "/datasources/prometheus/api/v1/query", "query=up", http.StatusForbidden},
			{http.MethodPost, "/api/v1/projects/" + other + "/dashboards", dashboard(other), http.StatusForbidden},
			{http.MethodGet, "/api/v1/globaldatasources", "", http.StatusForbidden},
		} {
			if got := requestAs(t, s, token, c.method, c.path, c.body); got != c.want {
				t.Errorf("%s %s as %s (team %s): status %d, want %d", c.method, c.path, u.Name, own, got, c.want)
			}
		}
	}
}

// copyExample copies the files of an example folder (and its subfolders) to dir, each through
// edit (its path relative to the folder, its content).
func copyExample(t *testing.T, from, dir string, edit func(file, content string) string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		target := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, []byte(edit(rel, string(content))), 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// requestAs is the status of a request to s as the user whose token it is ("": anonymous; a body is JSON or a
// form); a successful
// create may answer 200 or 201, both reported as 200.
func requestAs(t *testing.T, s *testbed.Server, token, method, path, body string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" { // "": anonymous
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", probe.BodyContentType(body))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode == http.StatusCreated {
		return http.StatusOK
	}
	return resp.StatusCode
}
