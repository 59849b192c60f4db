package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/perses/perses/pkg/model/api"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// credentials produce the Authorization header value of the requests to Perses.
type credentials interface {
	// authorization returns the header value, obtaining or refreshing a token first if needed.
	authorization(ctx context.Context) (string, error)
	// renew is called when Perses answered 401 to a request sent with the value
	// rejected. It returns a new value, or "" when a resend is not worth it.
	renew(ctx context.Context, rejected string) (string, error)
}

type staticToken string

func (t staticToken) authorization(context.Context) (string, error) {
	return "Bearer " + string(t), nil
}

func (staticToken) renew(context.Context, string) (string, error) { return "", nil }

// gate lets one goroutine at a time obtain a token; unlike a mutex, waiting
// for it honours the context.
type gate chan struct{}

func (g gate) enter(ctx context.Context) error {
	select {
	case g <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g gate) leave() { <-g }

const (
	pathNativeLogin = "/api/auth/providers/native/login"
	pathRefresh     = "/api/auth/refresh"
	maxRefreshSkew  = time.Minute
)

// nativeAuth logs in with the native provider and keeps the token fresh.
// The upstream Perses Go client never refreshes: the server sends expires_in,
// the client only looks at expiry, so every call fails with 401 once
// access_token_ttl (15m by default) has passed. Here expires_in is turned into
// a deadline, the token is refreshed shortly before it, and a 401 triggers a
// refresh (or a new login) and one resend.
type nativeAuth struct {
	c                  *Client
	username, password string
	gate               gate

	mu       sync.Mutex
	access   string
	refresh  string
	expiry   time.Time     // zero: unknown, trust the token until a 401
	lifetime time.Duration // expires_in of the current token
}

func newNativeAuth(c *Client, username, password string) *nativeAuth {
	return &nativeAuth{c: c, username: username, password: password, gate: make(gate, 1)}
}

// current returns the access token if it is not about to expire.
func (n *nativeAuth) current() (string, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.access == "" {
		return "", false
	}
	if n.expiry.IsZero() {
		return n.access, true
	}
	// Refresh a fifth of the lifetime early (at most a minute): this absorbs
	// clock skew and the time a request takes to reach the server.
	skew := min(n.lifetime/5, maxRefreshSkew)
	return n.access, n.c.now().Before(n.expiry.Add(-skew))
}

func (n *nativeAuth) authorization(ctx context.Context) (string, error) {
	if tok, ok := n.current(); ok {
		return "Bearer " + tok, nil
	}
	if err := n.gate.enter(ctx); err != nil {
		return "", err
	}
	defer n.gate.leave()
	// Another goroutine may have renewed the token while this one waited.
	if tok, ok := n.current(); ok {
		return "Bearer " + tok, nil
	}
	value, err := n.obtain(ctx)
	if err != nil && ctx.Err() == nil {
		// An early refresh that failed (server briefly away) need not fail the
		// request while the current token has not expired yet.
		n.mu.Lock()
		access, usable := n.access, n.access != "" && n.c.now().Before(n.expiry)
		n.mu.Unlock()
		if usable {
			n.c.debug(ctx, "Perses token refresh failed, using the current token until it expires", map[string]any{"error": n.c.secrets.scrub(err.Error())})
			return "Bearer " + access, nil
		}
	}
	return value, err
}

func (n *nativeAuth) renew(ctx context.Context, rejected string) (string, error) {
	if err := n.gate.enter(ctx); err != nil {
		return "", err
	}
	defer n.gate.leave()
	n.mu.Lock()
	access := n.access
	n.mu.Unlock()
	if value := "Bearer " + access; access != "" && value != rejected {
		// Renewed by another goroutine since that request was sent.
		return value, nil
	}
	return n.obtain(ctx)
}

// obtain refreshes the token when there is a refresh token, else (or when the
// refresh fails: the refresh token expires too) logs in. It returns the new
// Authorization value. Called inside the gate.
func (n *nativeAuth) obtain(ctx context.Context) (string, error) {
	n.mu.Lock()
	refresh := n.refresh
	n.mu.Unlock()
	if refresh != "" {
		tok := &oauth2.Token{}
		err := n.c.do(ctx, &request{
			method: http.MethodPost, path: pathRefresh, body: &api.RefreshRequest{RefreshToken: refresh},
			out: tok, resend: true, anonymous: true,
		})
		if err == nil && tok.AccessToken != "" {
			return n.store(tok), nil
		}
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		n.c.debug(ctx, "Perses token refresh failed, logging in again", map[string]any{"error": n.c.secrets.scrub(fmt.Sprint(err))})
	}
	tok := &oauth2.Token{}
	err := n.c.do(ctx, &request{
		method: http.MethodPost, path: pathNativeLogin, body: &api.Auth{Login: n.username, Password: n.password},
		out: tok, resend: true, anonymous: true,
	})
	op := fmt.Sprintf("native login to Perses as %q", n.username)
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			switch apiErr.StatusCode {
			case http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden:
				// A wrong login or password is a 400 "wrong login or password".
				return "", &authError{op: op, rejected: true, err: err}
			case http.StatusNotFound:
				return "", &authError{op: op, rejected: true, err: fmt.Errorf("%w (is authentication with the native provider enabled on this server?)", err)}
			}
		}
		return "", &authError{op: op, err: err}
	}
	if tok.AccessToken == "" {
		return "", &authError{op: op, err: errors.New("the answer carries no access_token")}
	}
	return n.store(tok), nil
}

func (n *nativeAuth) store(tok *oauth2.Token) string {
	n.c.secrets.add(tok.AccessToken, tok.RefreshToken)
	n.mu.Lock()
	defer n.mu.Unlock()
	n.access = tok.AccessToken
	if tok.RefreshToken != "" {
		n.refresh = tok.RefreshToken
	}
	n.expiry, n.lifetime = time.Time{}, 0
	switch {
	case tok.ExpiresIn > 0:
		n.lifetime = time.Duration(tok.ExpiresIn) * time.Second
		n.expiry = n.c.now().Add(n.lifetime)
	case !tok.Expiry.IsZero():
		n.expiry = tok.Expiry
		n.lifetime = tok.Expiry.Sub(n.c.now())
	}
	return "Bearer " + n.access
}

// oauthAuth obtains tokens with the client-credentials grant. oauth2 fetches
// and parses the token (expires_in becomes Expiry, and Valid() treats a token
// as expired 10s early); the cache lives here so that each fetch runs under
// the caller's context.
type oauthAuth struct {
	c     *Client
	conf  *clientcredentials.Config
	http  *http.Client
	gate  gate
	mu    sync.Mutex
	token *oauth2.Token
}

func newOAuthAuth(c *Client, o *OAuthConfig, transport http.RoundTripper) *oauthAuth {
	return &oauthAuth{
		c: c,
		conf: &clientcredentials.Config{
			ClientID:       o.ClientID,
			ClientSecret:   o.ClientSecret,
			TokenURL:       o.TokenURL,
			Scopes:         o.Scopes,
			EndpointParams: o.EndpointParams,
			AuthStyle:      oauth2.AuthStyle(o.AuthStyle),
		},
		// The token endpoint gets its own TLS settings and the logging, never the Perses
		// credentials or extra headers. No redirects: the client secret is in the body.
		http: &http.Client{
			Transport:     transport,
			Timeout:       c.timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		gate: make(gate, 1),
	}
}

func (o *oauthAuth) current() (string, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.token.Valid() {
		return "", false
	}
	return o.token.Type() + " " + o.token.AccessToken, true
}

func (o *oauthAuth) authorization(ctx context.Context) (string, error) {
	if v, ok := o.current(); ok {
		return v, nil
	}
	if err := o.gate.enter(ctx); err != nil {
		return "", err
	}
	defer o.gate.leave()
	if v, ok := o.current(); ok {
		return v, nil
	}
	return o.fetch(ctx)
}

func (o *oauthAuth) renew(ctx context.Context, rejected string) (string, error) {
	if err := o.gate.enter(ctx); err != nil {
		return "", err
	}
	defer o.gate.leave()
	if v, ok := o.current(); ok && v != rejected {
		return v, nil
	}
	return o.fetch(ctx)
}

// fetch gets a new token and returns the Authorization value. Called inside the gate.
func (o *oauthAuth) fetch(ctx context.Context) (string, error) {
	tok, err := o.conf.Token(context.WithValue(ctx, oauth2.HTTPClient, o.http))
	op := fmt.Sprintf("OAuth2 client-credentials token from %s", o.conf.TokenURL)
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		var retrieve *oauth2.RetrieveError
		if errors.As(err, &retrieve) {
			rejected := retrieve.Response == nil || retrieve.Response.StatusCode < 500
			return "", &authError{op: op, rejected: rejected, err: errors.New(o.c.secrets.scrub(retrieve.Error()))}
		}
		// oauth2 flattens transport errors into text ("cannot fetch token: ...").
		if strings.Contains(err.Error(), "cannot fetch token") {
			err = fmt.Errorf("%w: %s", ErrUnreachable, o.c.secrets.scrub(err.Error()))
		}
		return "", &authError{op: op, err: err}
	}
	if tok.AccessToken == "" {
		return "", &authError{op: op, err: errors.New("the answer carries no access_token")}
	}
	o.c.secrets.add(tok.AccessToken, tok.RefreshToken)
	o.mu.Lock()
	o.token = tok
	o.mu.Unlock()
	return tok.Type() + " " + tok.AccessToken, nil
}

func (c *Client) debug(ctx context.Context, msg string, fields map[string]any) {
	if c.logger != nil {
		c.logger.Debug(ctx, msg, fields)
	}
}
