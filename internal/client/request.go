package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// Perses bodies are small JSON documents; this only protects memory from a
// misbehaving server or proxy.
const maxResponseBody = 64 << 20

type request struct {
	method string
	path   string // escaped, below the base URL: /api/v1/projects/p
	query  url.Values
	// rawQuery is a query string sent as written (the proxy forwards it to a backend that may
	// not read url.Values' encoding as its author meant); it is used instead of query when set.
	rawQuery string
	body     any // JSON-encoded when non-nil
	// rawBody is sent as is instead of body (a proxied request's form or JSON payload), with
	// contentType (application/json when empty).
	rawBody     []byte
	contentType string
	out         any // decoded from a 2xx answer when non-nil
	// resend: sending the request twice is harmless (reads, PUT, DELETE, login, dry-run
	// validation), so it may be retried even when the first attempt may have been processed.
	resend bool
	// anonymous: sent without credentials (login and refresh themselves).
	anonymous bool
}

type response struct {
	status int
	header http.Header
	body   []byte
}

type ctxKey int

const (
	authorizationKey ctxKey = iota
	attemptKey
)

// do sends req, retrying as its resend flag allows, and decodes the answer into req.out.
func (c *Client) do(ctx context.Context, req *request) error {
	payload, err := encodeBody(req)
	if err != nil {
		return err
	}
	sawAmbiguous := false
	for attempt := 1; ; attempt++ {
		res, err := c.send(ctx, req, payload, attempt)
		if err == nil {
			return decodeBody(req, res)
		}
		// A DELETE whose earlier attempt may have gone through: "not found" now means done.
		if sawAmbiguous && req.method == http.MethodDelete && errors.Is(err, ErrNotFound) && !errors.Is(err, ErrProjectNotFound) {
			return nil
		}
		if ctx.Err() != nil {
			return err
		}
		retry, wait := retryDecision(req, err)
		if !retry || attempt > c.maxRetries {
			return err
		}
		sawAmbiguous = sawAmbiguous || ambiguous(err)
		if serr := sleep(ctx, c.backoff(attempt, wait)); serr != nil {
			return fmt.Errorf("%w (while waiting to retry after: %s)", serr, err.Error())
		}
	}
}

// send is one attempt, plus one immediate resend with renewed credentials when Perses answers 401.
func (c *Client) send(ctx context.Context, req *request, payload []byte, attempt int) (*response, error) {
	authz := ""
	useCreds := c.creds != nil && !req.anonymous
	if useCreds {
		var err error
		if authz, err = c.creds.authorization(ctx); err != nil {
			return nil, err
		}
	}
	res, err := c.roundTrip(ctx, req, payload, authz, attempt)
	if err == nil && res.status == http.StatusUnauthorized && useCreds {
		renewed, rerr := c.creds.renew(ctx, authz)
		if rerr != nil {
			return nil, rerr
		}
		if renewed != "" {
			res, err = c.roundTrip(ctx, req, payload, renewed, attempt)
		}
	}
	if err != nil {
		return nil, err
	}
	if res.status < 200 || res.status > 299 {
		return nil, newAPIError(req.method, req.path, res.status, res.header, res.body)
	}
	return res, nil
}

// roundTrip is a single HTTP exchange bounded by RequestTimeout.
func (c *Client) roundTrip(ctx context.Context, req *request, payload []byte, authz string, attempt int) (*response, error) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	actx = context.WithValue(actx, attemptKey, attempt)
	if authz != "" {
		// Read by originTransport, which adds it only to requests for the Perses origin.
		actx = context.WithValue(actx, authorizationKey, authz)
	}
	target := c.baseURL + req.path
	switch {
	case req.rawQuery != "":
		target += "?" + req.rawQuery
	case len(req.query) > 0:
		target += "?" + req.query.Encode()
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	hreq, err := http.NewRequestWithContext(actx, req.method, target, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", req.method, req.path, err)
	}
	hreq.Header.Set("Accept", "application/json")
	if payload != nil {
		// Perses answers 415 to a body without it.
		contentType := req.contentType
		if contentType == "" {
			contentType = "application/json"
		}
		hreq.Header.Set("Content-Type", contentType)
	}
	if c.userAgent != "" {
		hreq.Header.Set("User-Agent", c.userAgent)
	}

	c.stats.count(req.method)
	resp, err := c.httpClient.Do(hreq)
	if err != nil {
		return nil, c.transportFailure(ctx, actx, req, err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	if err != nil {
		return nil, c.transportFailure(ctx, actx, req, err)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

func (c *Client) transportFailure(ctx, actx context.Context, req *request, err error) error {
	if ctx.Err() != nil {
		// The caller gave up: say so rather than blaming the server.
		return fmt.Errorf("%s %s: %w", req.method, req.path, ctx.Err())
	}
	if errors.Is(err, errRedirectRefused) {
		return fmt.Errorf("%s %s: %w", req.method, req.path, err)
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	te := &transportError{method: req.method, path: req.path, url: c.baseURL, err: err}
	te.notSent, te.permanent = classifyTransport(err)
	te.tls = handshakeFailure(err)
	if errors.Is(actx.Err(), context.DeadlineExceeded) {
		// Not wrapping context.DeadlineExceeded: that would read as the caller's own deadline.
		te.timeout = c.timeout
		te.err = errAttemptTimeout
	}
	return te
}

var errAttemptTimeout = errors.New("request timeout")

func encodeBody(req *request) ([]byte, error) {
	if req.rawBody != nil {
		return req.rawBody, nil
	}
	if req.body == nil {
		return nil, nil
	}
	payload, err := json.Marshal(req.body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: encoding the request body: %w", req.method, req.path, err)
	}
	return payload, nil
}

func decodeBody(req *request, res *response) error {
	if req.out == nil {
		return nil
	}
	if len(bytes.TrimSpace(res.body)) == 0 {
		return fmt.Errorf("%s %s: Perses answered %d with an empty body", req.method, req.path, res.status)
	}
	if err := json.Unmarshal(res.body, req.out); err != nil {
		return fmt.Errorf("%s %s: decoding the answer of Perses: %w", req.method, req.path, err)
	}
	return nil
}

// apiPath joins escaped path segments below /api/v1.
func apiPath(segments ...string) string { return joinPath("/api/v1", segments...) }

// joinPath joins escaped path segments below prefix.
func joinPath(prefix string, segments ...string) string {
	var b bytes.Buffer
	b.WriteString(prefix)
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// checkName refuses names that cannot be put in a URL path as they are: an
// empty name would turn a GET of one object into a list, and "." or ".."
// (allowed by the Perses name rule) would be collapsed by path normalisation.
func checkName(what, name string) error {
	switch name {
	case "":
		return fmt.Errorf("the %s name is required", what)
	case ".", "..":
		return fmt.Errorf("the %s name %q cannot be used in a URL", what, name)
	}
	return nil
}
