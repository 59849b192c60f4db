package client

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// originTransport adds the credentials and the configured extra headers to
// requests for the Perses origin only. It must sit in the transport, not on the
// request: http.Client runs the transport again for every redirect hop and
// copies the first request's headers to the next hop. It drops Authorization
// only when the host name changes (ignoring scheme and port, accepting
// subdomains) and always copies custom headers, so headers set on the request
// would follow a redirect to http://, another port or a subdomain.
type originTransport struct {
	origin  string
	headers http.Header
	next    http.RoundTripper
}

func (t *originTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if originOf(req.URL) != t.origin {
		return t.next.RoundTrip(req)
	}
	authz, _ := req.Context().Value(authorizationKey).(string)
	if authz == "" && len(t.headers) == 0 {
		return t.next.RoundTrip(req)
	}
	// A RoundTripper must not modify the request it is given.
	r := req.Clone(req.Context())
	for k, v := range t.headers {
		r.Header[k] = v
	}
	if authz != "" {
		r.Header.Set("Authorization", authz)
	}
	return t.next.RoundTrip(r)
}

// originOf returns scheme://host:port with the default port made explicit.
func originOf(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

var errRedirectRefused = errors.New("redirect refused")

const maxRedirects = 10

// checkRedirect refuses to carry a request body to another origin (a 307/308
// answer to the native login would otherwise send the password there).
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("%w: stopped after %d redirects", errRedirectRefused, maxRedirects)
	}
	if originOf(req.URL) != c.origin && req.Body != nil && req.Body != http.NoBody {
		return fmt.Errorf("%w: Perses redirected a %s with a body to another origin (%s)", errRedirectRefused, req.Method, originOf(req.URL))
	}
	return nil
}

func newBaseTransport(cfg Config) (*http.Transport, error) {
	tlsConfig := &tls.Config{
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: cfg.InsecureSkipVerify, //nolint:gosec // explicit user choice
	}
	pool, err := rootCAs(cfg.CACertPEM, cfg.CACertFile)
	if err != nil {
		return nil, err
	}
	tlsConfig.RootCAs = pool
	certPEM, err := pemOrFile(cfg.ClientCertPEM, cfg.ClientCertFile)
	if err != nil {
		return nil, err
	}
	keyPEM, err := pemOrFile(cfg.ClientKeyPEM, cfg.ClientKeyFile)
	if err != nil {
		return nil, err
	}
	if certPEM != "" || keyPEM != "" {
		cert, err := ParseClientCertPEM(certPEM, keyPEM)
		if err != nil {
			return nil, err
		}
		tlsConfig.Certificates = []tls.Certificate{cert}
	}
	// The defaults of http.DefaultTransport: proxy from the environment, HTTP/2, keep-alives.
	t := &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		t = dt.Clone()
	}
	t.TLSClientConfig = tlsConfig
	return t, nil
}

// ParseCACertPEM parses one or more PEM "CERTIFICATE" blocks into a pool.
func ParseCACertPEM(pemData string) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	rest := []byte(pemData)
	n := 0
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("CA certificate: unexpected PEM block %q, want CERTIFICATE", block.Type)
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("CA certificate: %w", err)
		}
		pool.AddCert(cert)
		n++
	}
	if n == 0 {
		return nil, errors.New("CA certificate: no PEM CERTIFICATE block found")
	}
	if len(strings.TrimSpace(string(rest))) > 0 {
		return nil, errors.New("CA certificate: unexpected data after the last PEM block")
	}
	return pool, nil
}

// ParseClientCertPEM parses a PEM certificate (chain) and its PEM private key.
// The error never quotes the key.
func ParseClientCertPEM(certPEM, keyPEM string) (tls.Certificate, error) {
	if certPEM == "" || keyPEM == "" {
		return tls.Certificate{}, errors.New("client certificate: both the certificate and its private key are required")
	}
	cert, err := tls.X509KeyPair([]byte(certPEM), []byte(keyPEM))
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("client certificate: %w", err)
	}
	return cert, nil
}
