package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors. Every error returned by the client that stems from one of
// these conditions satisfies errors.Is with the matching sentinel.
var (
	// ErrNotFound: the object does not exist (404), or its project does not exist (see ErrProjectNotFound).
	ErrNotFound = errors.New("not found")
	// ErrProjectNotFound: the project named in the request does not exist. Always comes with ErrNotFound.
	ErrProjectNotFound = errors.New("project not found")
	// ErrConflict: the object already exists (409).
	ErrConflict = errors.New("already exists")
	// ErrValidation: Perses rejected the request as invalid (400). The server's message is kept in the error text.
	ErrValidation = errors.New("rejected by Perses as invalid")
	// ErrUnauthorized: the credentials are missing, wrong or expired and could not be renewed (401, failed login).
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden: the credentials are valid but lack a permission (403).
	ErrForbidden = errors.New("forbidden")
	// ErrUnreachable: no HTTP answer was obtained: connection refused, DNS failure, timeout, TLS handshake failure,
	// connection reset...
	ErrUnreachable = errors.New("cannot reach the Perses server")
)

// APIError is an HTTP answer from Perses with a non-2xx status.
type APIError struct {
	// Method and Path of the request, Path being below the configured URL (/api/v1/...).
	Method string
	Path   string
	// StatusCode is the HTTP status.
	StatusCode int
	// Message is the "message" field of the JSON error body Perses sends, or the start of the raw body otherwise.
	Message string

	retryAfter time.Duration
}

// Error reads like "POST /api/v1/globaldatasources: 400 bad request: ...".
func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = strings.ToLower(http.StatusText(e.StatusCode))
	}
	return fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.StatusCode, msg)
}

// Is maps the status code to the package's sentinel errors.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound || e.projectNotFound()
	case ErrProjectNotFound:
		return e.projectNotFound()
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrValidation:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	}
	return false
}

// Perses checks that the project of a project-scoped request exists before
// routing it (middleware CheckProject, on GET and POST only) and answers 400,
// not 404, with the message built by apiinterface.ProjectDoesNotExistErrorMessage:
// `bad request: metadata.project "p" doesn't exist`. Matched like the server's
// own IsProjectDoesNotExistErrorMessage (anchored at the end).
var projectDoesNotExist = regexp.MustCompile(`metadata\.project ".*" doesn't exist$`)

func (e *APIError) projectNotFound() bool {
	return e.StatusCode == http.StatusBadRequest && projectDoesNotExist.MatchString(e.Message)
}

// DefaultConflictError is Perses' refusal (400) to store a datasource with default = true while
// another datasource of the same plugin kind in the same scope is the default. It satisfies
// ErrValidation, and errors.As also finds the *APIError it came from. Perses checks this only on
// writes (not in the dry-run validation) and compares kinds exactly.
type DefaultConflictError struct {
	// Datasource is the name of the datasource written, Kind its plugin kind, and Current the
	// name of the datasource that is the default of that kind now (names as Perses stores them).
	Datasource, Kind, Current string

	err error
}

// Error is the text of the refusal, "PUT /api/v1/globaldatasources/b: 400 bad request: ...".
func (e *DefaultConflictError) Error() string { return e.err.Error() }

func (e *DefaultConflictError) Unwrap() error { return e.err }

// defaultConflictMessage is the refusal of Perses v0.54.0's validateUnicityOfDefaultDTS
// (internal/api/validate), which writes the three values with %q.
var defaultConflictMessage = regexp.MustCompile(
	`datasource ("(?:[^"\\]|\\.)*") cannot be a default ("(?:[^"\\]|\\.)*") because there is already one defined named ("(?:[^"\\]|\\.)*")$`)

// defaultConflictOf returns err as a *DefaultConflictError when it is Perses refusing a second
// default, err itself otherwise.
func defaultConflictOf(err error) error {
	var api *APIError
	if err == nil || !errors.As(err, &api) || api.StatusCode != http.StatusBadRequest {
		return err
	}
	match := defaultConflictMessage.FindStringSubmatch(api.Message)
	if match == nil {
		return err
	}
	var values [3]string
	for i, quoted := range match[1:] {
		v, uerr := strconv.Unquote(quoted)
		if uerr != nil {
			return err
		}
		values[i] = v
	}
	return &DefaultConflictError{Datasource: values[0], Kind: values[1], Current: values[2], err: err}
}

const maxErrorMessage = 1024

func newAPIError(method, path string, status int, header http.Header, body []byte) *APIError {
	e := &APIError{Method: method, Path: path, StatusCode: status}
	var wire struct {
		Message string `json:"message"`
	}
	if err := json.Unmarshal(body, &wire); err == nil && wire.Message != "" {
		e.Message = wire.Message
	} else {
		// Not Perses itself (a reverse proxy, a load balancer): keep the start of whatever it said.
		e.Message = strings.TrimSpace(string(body))
	}
	if len(e.Message) > maxErrorMessage {
		e.Message = e.Message[:maxErrorMessage] + "..."
	}
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		e.retryAfter = parseRetryAfter(header.Get("Retry-After"), time.Now())
	}
	return e
}

// transportError is a request that got no HTTP answer.
type transportError struct {
	method, path, url string
	err               error
	// notSent: failed while connecting (dial, DNS): the server certainly never saw the request.
	notSent bool
	// permanent: retrying cannot help (certificate verification failure, refused redirect).
	permanent bool
	// timeout: the per-attempt RequestTimeout expired.
	timeout time.Duration
	// tls is ErrServerCertificate or ErrClientCertificate when the handshake failed for a
	// reason the configuration must fix, else nil.
	tls error
}

func (e *transportError) Error() string {
	if e.timeout > 0 {
		return fmt.Sprintf("%s %s: %s: no answer from %s within %s", e.method, e.path, ErrUnreachable, e.url, e.timeout)
	}
	if e.tls != nil {
		return fmt.Sprintf("%s %s: %s at %s: %s (%v)", e.method, e.path, ErrUnreachable, e.url, e.tls, e.err)
	}
	return fmt.Sprintf("%s %s: %s at %s: %v", e.method, e.path, ErrUnreachable, e.url, e.err)
}

func (e *transportError) Unwrap() error { return e.err }

func (e *transportError) Is(target error) bool {
	return target == ErrUnreachable || (e.tls != nil && target == e.tls)
}

// authError is a failure to obtain credentials (native login, OAuth token).
// When Perses or the token endpoint rejected the credentials it satisfies
// ErrUnauthorized only: the login endpoint answers 400 to a wrong password and
// that must not look like a validation error of the object being written.
type authError struct {
	op       string
	rejected bool
	err      error
}

func (e *authError) Error() string {
	if e.rejected {
		return fmt.Sprintf("%s: %s: %v", e.op, ErrUnauthorized, e.err)
	}
	return fmt.Sprintf("%s: %v", e.op, e.err)
}

func (e *authError) Unwrap() error {
	if e.rejected {
		return nil
	}
	return e.err
}

func (e *authError) Is(target error) bool { return e.rejected && target == ErrUnauthorized }
