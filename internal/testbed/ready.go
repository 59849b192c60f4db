package testbed

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// readyPollInterval is how often a starting server is probed.
const readyPollInterval = 100 * time.Millisecond

// httpClient talks to the local server only: short timeouts, no proxy from the environment.
var httpClient = &http.Client{
	Timeout:   10 * time.Second,
	Transport: &http.Transport{Proxy: nil},
}

// waitReady waits until the server answers /api/v1/health, has loaded every plugin
// of the test bed and, with Auth, lets the provisioned admin log in (provisioning runs as a
// background task after the server starts listening).
func (s *Server) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, startupTimeout)
	defer cancel()
	steps := []readinessStep{
		{"answer /api/v1/health", s.healthy},
		{"load its plugins", s.pluginsLoaded},
	}
	if s.Options.Auth {
		steps = append(steps, readinessStep{"accept the admin login", s.adminCanLogIn},
			readinessStep{"provision the users and their permissions", s.usersReady})
	}
	for _, step := range steps {
		if err := s.poll(ctx, step.what, step.check); err != nil {
			return err
		}
	}
	return nil
}

// readinessStep is one condition of waitReady. check returns done=false to be retried.
type readinessStep struct {
	what  string
	check func(context.Context) (done bool, err error)
}

// poll calls check until it is done, fails, the server exits or ctx ends.
func (s *Server) poll(ctx context.Context, what string, check func(context.Context) (bool, error)) error {
	var last error
	for {
		select {
		case <-s.exited:
			return fmt.Errorf("testbed: Perses exited while waiting for it to %s (%s)", what, s.exitStatus())
		default:
		}
		done, err := check(ctx)
		if done {
			return err
		}
		if err != nil {
			last = err
		}
		select {
		case <-ctx.Done():
			if last == nil {
				return fmt.Errorf("testbed: Perses did not %s at %s in time", what, s.URL)
			}
			return fmt.Errorf("testbed: Perses did not %s at %s in time: %w", what, s.URL, last)
		case <-time.After(readyPollInterval):
		}
	}
}

func (s *Server) healthy(ctx context.Context) (bool, error) {
	var health v1.Health
	status, err := s.getJSON(ctx, "/api/v1/health", "", &health)
	if err != nil {
		return false, err
	}
	if status != http.StatusOK || !health.Database {
		return false, fmt.Errorf("health: status %d, database %t", status, health.Database)
	}
	return true, nil
}

// pluginsLoaded checks GET /api/v1/plugins. A plugin present but not loaded is final (its
// schema does not compile): report the server's error instead of waiting for the timeout.
func (s *Server) pluginsLoaded(ctx context.Context) (bool, error) {
	var modules []v1.PluginModule
	status, err := s.getJSON(ctx, "/api/v1/plugins", "", &modules)
	if err != nil {
		return false, err
	}
	if status != http.StatusOK {
		return false, fmt.Errorf("GET /api/v1/plugins: status %d", status)
	}
	loaded := map[string]bool{}
	var failures []string
	for _, m := range modules {
		ok := m.Status != nil && m.Status.IsLoaded
		if !ok {
			reason := "unknown reason"
			if m.Status != nil && m.Status.Error != "" {
				reason = m.Status.Error
			}
			failures = append(failures, fmt.Sprintf("module %s: %s", m.Metadata.Name, reason))
		}
		for _, p := range m.Spec.Plugins {
			loaded[p.Spec.Name] = ok
		}
	}
	if len(failures) > 0 {
		return true, fmt.Errorf("testbed: Perses could not load plugins (%s); the server log has the CUE error", strings.Join(failures, "; "))
	}
	var missing []string
	for _, kind := range append(DatasourceKinds(), dashboardPluginKinds...) {
		if !loaded[kind] {
			missing = append(missing, kind)
		}
	}
	if len(missing) > 0 {
		return true, fmt.Errorf("testbed: Perses did not list the plugins %v in /api/v1/plugins", missing)
	}
	return true, nil
}

func (s *Server) adminCanLogIn(ctx context.Context) (bool, error) {
	_, err := s.Login(ctx)
	return err == nil, err
}

// getJSON GETs path and decodes a 200 answer into v. It returns the status code.
func (s *Server) getJSON(ctx context.Context, path, token string, v any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+path, nil)
	if err != nil {
		return 0, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close() //nolint:errcheck // read fully below
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode == http.StatusOK && v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			return resp.StatusCode, fmt.Errorf("decoding %s: %w", path, err)
		}
	}
	return resp.StatusCode, nil
}

// Login logs the provisioned admin in with the native provider and returns an access token
// (send it as "Authorization: Bearer <token>"). It fails on a server without Auth.
func (s *Server) Login(ctx context.Context) (string, error) {
	return s.LoginAs(ctx, s.AdminUsername, s.AdminPassword)
}

// LoginAs logs a native user in (the admin, or one of Options.Users) and returns its access token.
func (s *Server) LoginAs(ctx context.Context, username, password string) (string, error) {
	if !s.Options.Auth {
		return "", errors.New("testbed: Login needs a server started with Auth")
	}
	body, err := json.Marshal(map[string]string{"login": username, "password": password})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/api/auth/providers/native/login", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := httpClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("testbed: login: %w", err)
	}
	defer resp.Body.Close() //nolint:errcheck // read fully below
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", fmt.Errorf("testbed: login: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("testbed: login as %s: status %d: %s", username, resp.StatusCode, strings.TrimSpace(string(data)))
	}
	var token struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(data, &token); err != nil || token.AccessToken == "" {
		return "", fmt.Errorf("testbed: login: no access_token in %s", strings.TrimSpace(string(data)))
	}
	return token.AccessToken, nil
}
