// Package client is the HTTP client of the Perses REST API used by the
// Terraform provider. It knows HTTP and Perses (v0.54 wire model, from
// github.com/perses/perses/pkg/model/api/v1) and nothing of Terraform.
package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const defaultRequestTimeout = 30 * time.Second

// Config configures a Client. At most one of Token, Username/Password and
// OAuth may be set; with none, requests are sent without credentials (a
// Perses with authentication disabled).
type Config struct {
	// URL is the Perses base URL. It may carry the API prefix Perses is served under
	// (https://host/perses): requests then go to https://host/perses/api/v1/...
	URL string

	// Token is a static bearer token.
	Token string
	// Username and Password log in with the native provider
	// (POST /api/auth/providers/native/login); the token is refreshed and renewed as needed.
	Username string
	Password string
	// TokenFile is a file holding a bearer token, read again when it changes (mtime or size)
	// and after a 401: a Kubernetes projected service-account token, for one.
	TokenFile string
	// OAuth obtains a token with the OAuth2 client-credentials grant and sends it as a bearer token.
	OAuth *OAuthConfig

	// CACertPEM (or the file CACertFile) holds the PEM CA certificates that verify the Perses
	// server (they replace the system roots). ClientCertPEM/ClientCertFile and
	// ClientKeyPEM/ClientKeyFile form a client certificate for mutual TLS. These and
	// InsecureSkipVerify apply to the Perses server only, never to OAuth.TokenURL (see
	// OAuthConfig.CACertPEM). When both the PEM and the file of one item are set, the file wins.
	CACertPEM          string
	CACertFile         string
	ClientCertPEM      string
	ClientCertFile     string
	ClientKeyPEM       string
	ClientKeyFile      string
	InsecureSkipVerify bool

	// Headers are extra headers sent on every request to the Perses origin (and only there).
	Headers map[string]string

	// RequestTimeout bounds each attempt; 0 means 30s.
	RequestTimeout time.Duration
	// MaxRetries is the number of retries after the first attempt (0: none).
	MaxRetries int
	// RetryWaitMin is the first backoff delay (0: 500ms); it doubles on each retry up to
	// RetryWaitMax (0: 30s), which also caps the Retry-After a server asks for.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration

	// UserAgent is sent as the User-Agent header when non-empty.
	UserAgent string
	// Logger receives request logs; nil disables logging.
	Logger Logger
}

// OAuthConfig configures the OAuth2 client-credentials grant.
type OAuthConfig struct {
	ClientID     string
	ClientSecret string
	TokenURL     string
	Scopes       []string
	// EndpointParams are extra parameters of the token request (Perses' secret
	// oauth.endpointParams), such as an audience.
	EndpointParams map[string][]string
	// AuthStyle is how the client ID and secret are sent, with Perses' numbers (those of
	// golang.org/x/oauth2.AuthStyle): 0 auto-detect, 1 in the request body, 2 as basic auth.
	AuthStyle int
	// CACertPEM (or the file CACertFile) holds the CA certificates that verify the token
	// endpoint, replacing the system roots for it. Empty: the system roots.
	CACertPEM  string
	CACertFile string
}

// Logger is implemented by the caller (the provider, with tflog). Fields and
// messages never contain credentials: they are replaced by "***".
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Trace(ctx context.Context, msg string, fields map[string]any)
}

// Client talks to one Perses server. It is safe for concurrent use.
type Client struct {
	baseURL    string // scheme://host[:port][/prefix], no trailing slash
	origin     string
	httpClient *http.Client
	transport  *http.Transport // the innermost transport, with the TLS settings
	creds      credentials     // nil: anonymous
	logger     Logger          // nil: no logging
	secrets    *secretSet
	userAgent  string
	timeout    time.Duration
	maxRetries int
	waitMin    time.Duration
	waitMax    time.Duration
	now        func() time.Time
	stats      requestStats
}

// New validates cfg and builds a Client. It performs no request: credentials
// are obtained on the first call.
func New(cfg Config) (*Client, error) {
	base, err := parseBaseURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	if err := checkAuthConfig(cfg); err != nil {
		return nil, err
	}
	transport, err := newBaseTransport(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{
		baseURL:    strings.TrimRight(base.Scheme+"://"+base.Host+base.EscapedPath(), "/"),
		origin:     originOf(base),
		transport:  transport,
		logger:     cfg.Logger,
		secrets:    newSecretSet(cfg.Token, cfg.Password, oauthSecret(cfg.OAuth)),
		userAgent:  cfg.UserAgent,
		timeout:    cfg.RequestTimeout,
		maxRetries: max(cfg.MaxRetries, 0),
		waitMin:    cfg.RetryWaitMin,
		waitMax:    cfg.RetryWaitMax,
		now:        time.Now,
	}
	if c.timeout <= 0 {
		c.timeout = defaultRequestTimeout
	}
	if c.waitMin <= 0 {
		c.waitMin = defaultRetryWaitMin
	}
	if c.waitMax <= 0 {
		c.waitMax = defaultRetryWaitMax
	}
	c.waitMax = max(c.waitMax, c.waitMin)

	var inner http.RoundTripper = transport
	if c.logger != nil {
		inner = &loggingTransport{logger: c.logger, secrets: c.secrets, next: inner}
	}
	headers := make(http.Header, len(cfg.Headers))
	for k, v := range cfg.Headers {
		headers.Set(k, v)
	}
	c.httpClient = &http.Client{
		Transport:     &originTransport{origin: c.origin, headers: headers, next: inner},
		CheckRedirect: c.checkRedirect,
	}

	switch {
	case cfg.Token != "":
		c.creds = staticToken(cfg.Token)
	case cfg.TokenFile != "":
		if c.creds, err = newFileToken(c, cfg.TokenFile); err != nil {
			return nil, err
		}
	case cfg.Username != "":
		c.creds = newNativeAuth(c, cfg.Username, cfg.Password)
	case cfg.OAuth != nil:
		tokenTransport, err := newTokenURLTransport(cfg.OAuth)
		if err != nil {
			return nil, fmt.Errorf("OAuth token URL: %w", err)
		}
		var toTokenURL http.RoundTripper = tokenTransport
		if c.logger != nil {
			toTokenURL = &loggingTransport{logger: c.logger, secrets: c.secrets, next: toTokenURL}
		}
		c.creds = newOAuthAuth(c, cfg.OAuth, toTokenURL)
	}
	return c, nil
}

func parseBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("the Perses URL is required")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("invalid Perses URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("invalid Perses URL %q: the scheme must be http or https", u.Redacted())
	}
	if u.Host == "" {
		return nil, fmt.Errorf("invalid Perses URL %q: no host", u.Redacted())
	}
	if u.User != nil {
		return nil, fmt.Errorf("invalid Perses URL %q: credentials in the URL are not supported, use the username/password or token settings", u.Redacted())
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("invalid Perses URL %q: it must not have a query or a fragment", u.Redacted())
	}
	return u, nil
}

func checkAuthConfig(cfg Config) error {
	n := 0
	if cfg.Token != "" {
		n++
	}
	if cfg.TokenFile != "" {
		n++
	}
	if cfg.Username != "" || cfg.Password != "" {
		n++
		if cfg.Username == "" || cfg.Password == "" {
			return errors.New("native login needs both a username and a password")
		}
	}
	if cfg.OAuth != nil {
		n++
		o := cfg.OAuth
		if o.ClientID == "" || o.ClientSecret == "" || o.TokenURL == "" {
			return errors.New("OAuth needs a client ID, a client secret and a token URL")
		}
		u, err := url.Parse(o.TokenURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("invalid OAuth token URL %q: an absolute http(s) URL is required", o.TokenURL)
		}
	}
	if n > 1 {
		return errors.New("only one authentication method may be configured: a token, a token file, a username/password or OAuth")
	}
	return nil
}

func oauthSecret(o *OAuthConfig) string {
	if o == nil {
		return ""
	}
	return o.ClientSecret
}
