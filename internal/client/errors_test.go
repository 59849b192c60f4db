package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"
)

func TestAPIErrorMapping(t *testing.T) {
	sentinels := []error{ErrNotFound, ErrProjectNotFound, ErrConflict, ErrValidation, ErrUnauthorized, ErrForbidden, ErrUnreachable}
	tests := []struct {
		status  int
		message string
		want    []error
		text    string
	}{
		{404, "document not found", []error{ErrNotFound}, "GET /api/v1/globaldatasources/x: 404 document not found"},
		{409, "document already exists", []error{ErrConflict}, "GET /api/v1/globaldatasources/x: 409 document already exists"},
		{400, "bad request: plugin kind cannot be empty", []error{ErrValidation}, "GET /api/v1/globaldatasources/x: 400 bad request: plugin kind cannot be empty"},
		{400, `bad request: metadata.project "p" doesn't exist`, []error{ErrValidation, ErrNotFound, ErrProjectNotFound}, ""},
		// Only the server's exact wording, at the end of the message, means a missing project.
		{400, `bad request: metadata.project "p" doesn't exist, or so`, []error{ErrValidation}, ""},
		{401, "invalid or expired jwt", []error{ErrUnauthorized}, ""},
		{403, "forbidden access: missing 'read' permission", []error{ErrForbidden}, ""},
		{500, "internal server error", nil, ""},
		{502, "", nil, "GET /api/v1/globaldatasources/x: 502 bad gateway"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d %s", tt.status, tt.message), func(t *testing.T) {
			var body []byte
			if tt.message != "" {
				body = []byte(fmt.Sprintf(`{"message": %q}`, tt.message))
			}
			err := error(newAPIError("GET", "/api/v1/globaldatasources/x", tt.status, http.Header{}, body))
			err = fmt.Errorf("wrapped: %w", err)
			for _, s := range sentinels {
				want := false
				for _, w := range tt.want {
					want = want || errors.Is(w, s)
				}
				if got := errors.Is(err, s); got != want {
					t.Errorf("errors.Is(%v) = %v, want %v", s, got, want)
				}
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status || apiErr.Message != tt.message {
				t.Errorf("APIError = %+v", apiErr)
			}
			if tt.text != "" && apiErr.Error() != tt.text {
				t.Errorf("Error() = %q, want %q", apiErr.Error(), tt.text)
			}
		})
	}
}

func TestAPIErrorNonJSONBody(t *testing.T) {
	err := newAPIError("POST", "/api/v1/projects", 502, http.Header{}, []byte("<html>Bad Gateway</html>\n"))
	if err.Message != "<html>Bad Gateway</html>" {
		t.Errorf("message = %q", err.Message)
	}
}

// Typed errors come out of real calls, from real-looking bodies.
func TestTypedErrorsFromServer(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/projects/forbidden":
			writeMessage(w, http.StatusForbidden, "forbidden access: missing 'read' permission in 'forbidden' project for 'Project' kind")
		case "/api/v1/projects/unauthorized":
			writeMessage(w, http.StatusUnauthorized, "unauthorized")
		case "/api/v1/projects/invalid":
			writeMessage(w, http.StatusBadRequest, "bad request: invalid name")
		default:
			writeMessage(w, http.StatusNotFound, "document not found")
		}
	})
	c := mustNew(t, testConfig(srv.URL))
	for name, want := range map[string]error{"forbidden": ErrForbidden, "unauthorized": ErrUnauthorized, "invalid": ErrValidation, "missing": ErrNotFound} {
		_, err := c.GetProject(context.Background(), name)
		if !errors.Is(err, want) {
			t.Errorf("%s: err = %v, want %v", name, err, want)
		}
	}
	_, err := c.GetProject(context.Background(), "invalid")
	if err.Error() != "GET /api/v1/projects/invalid: 400 bad request: invalid name" {
		t.Errorf("Error() = %q", err)
	}
}

func TestUnreachable(t *testing.T) {
	srv := newServer(t, func(http.ResponseWriter, *http.Request) {})
	url := srv.URL
	srv.Close() // connection refused from now on
	cfg := testConfig(url)
	cfg.MaxRetries = 2
	c := mustNew(t, cfg)
	start := time.Now()
	_, err := c.Health(context.Background())
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("took %s", time.Since(start))
	}
	// Connection refused happens before anything is sent: even a create is retried.
	_, err = c.CreateProject(context.Background(), newProject("p", ""))
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("create err = %v", err)
	}
}

// Perses' refusal of a second default becomes a *DefaultConflictError naming the three
// datasources of the message (the server's exact text), and stays a validation error.
func TestDefaultConflictErrorFromTheServersMessage(t *testing.T) {
	const message = `bad request: datasource "loki-2" cannot be a default "LokiDatasource" because there is already one defined named "loki-1"`
	body := []byte(fmt.Sprintf(`{"message": %q}`, message))
	api := newAPIError("POST", "/api/v1/projects/checkout/datasources", http.StatusBadRequest, http.Header{}, body)
	err := defaultConflictOf(fmt.Errorf("wrapped: %w", api))

	var conflict *DefaultConflictError
	if !errors.As(err, &conflict) {
		t.Fatalf("%v is not a *DefaultConflictError", err)
	}
	if conflict.Datasource != "loki-2" || conflict.Kind != "LokiDatasource" || conflict.Current != "loki-1" {
		t.Errorf("conflict = %+v", conflict)
	}
	if !errors.Is(err, ErrValidation) || errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) {
		t.Errorf("sentinels of %v: validation %t, not found %t, conflict %t", err,
			errors.Is(err, ErrValidation), errors.Is(err, ErrNotFound), errors.Is(err, ErrConflict))
	}
	var asAPI *APIError
	if !errors.As(err, &asAPI) || asAPI != api {
		t.Errorf("the *APIError is not kept: %v", asAPI)
	}
	if want := "wrapped: POST /api/v1/projects/checkout/datasources: 400 " + message; err.Error() != want {
		t.Errorf("text = %q, want %q", err.Error(), want)
	}
}

// Only the server's exact wording, in a 400, is a default conflict.
func TestDefaultConflictErrorOnlyForThatRefusal(t *testing.T) {
	for _, tt := range []struct {
		status  int
		message string
	}{
		{http.StatusBadRequest, "bad request: schema not found for plugin Nope with version unknown"},
		{http.StatusBadRequest, `bad request: datasource "b" cannot be a default "K" because there is already one defined named "a", or so`},
		{http.StatusConflict, `datasource "b" cannot be a default "K" because there is already one defined named "a"`},
	} {
		api := newAPIError("PUT", "/api/v1/globaldatasources/b", tt.status, http.Header{}, []byte(fmt.Sprintf(`{"message": %q}`, tt.message)))
		err := defaultConflictOf(api)
		var conflict *DefaultConflictError
		if errors.As(err, &conflict) || err != error(api) { //nolint:errorlint // the very error must come back, unwrapped
			t.Errorf("%d %s: got %#v, want the *APIError unchanged", tt.status, tt.message, err)
		}
	}
	if defaultConflictOf(nil) != nil {
		t.Error("defaultConflictOf(nil) != nil")
	}
	if err := errors.New("unreachable"); defaultConflictOf(err) != err { //nolint:errorlint // the very error must come back
		t.Error("a non-API error is changed")
	}
}
