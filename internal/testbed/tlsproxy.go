package testbed

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// TLSEndpoint is a TLS-terminating reverse proxy on loopback in front of one Perses, as an
// ingress is: https://127.0.0.1:PORT<api_prefix>, certificates from a TestCA of its own, and
// (with RequireClientCert) mutual TLS. Only paths under the server's APIPrefix are forwarded,
// unchanged; others answer 404, as an ingress routing one prefix does.
type TLSEndpoint struct {
	// URL is the address a client uses, e.g. https://127.0.0.1:41234/perses.
	URL string
	// CA made the proxy's certificate and a client certificate.
	CA *TestCA

	prefix  string
	proxy   *httputil.ReverseProxy
	served  atomic.Int64
	outside atomic.Int64
	srv     *http.Server
	done    chan struct{}
	once    sync.Once
}

// checkTLSOptions refuses combinations the test bed cannot start.
func checkTLSOptions(opts ServerOptions) error {
	if opts.APIPrefix != "" && (!strings.HasPrefix(opts.APIPrefix, "/") || strings.HasSuffix(opts.APIPrefix, "/")) {
		return fmt.Errorf("testbed: APIPrefix %q must start with / and not end with one (e.g. /perses)", opts.APIPrefix)
	}
	if opts.RequireClientCert && !opts.TLS {
		return errors.New("testbed: RequireClientCert needs TLS")
	}
	if opts.TLS && opts.Detached {
		return errors.New("testbed: a TLS endpoint runs in the test bed's process and cannot outlive it: TLS and Detached exclude each other")
	}
	return nil
}

// startTLSEndpoint starts the proxy in front of s (already listening), writing the CA's files
// under s.Dir/tls.
func (s *Server) startTLSEndpoint() error {
	ca, err := newTestCA()
	if err != nil {
		return fmt.Errorf("testbed: making the test CA: %w", err)
	}
	if err := ca.writeFiles(filepath.Join(s.Dir, "tls")); err != nil {
		return fmt.Errorf("testbed: writing the test CA's files: %w", err)
	}
	tlsConfig, err := ca.serverTLSConfig(s.Options.RequireClientCert)
	if err != nil {
		return err
	}
	target, err := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", s.Options.Port))
	if err != nil {
		return fmt.Errorf("testbed: %w", err)
	}
	e := &TLSEndpoint{CA: ca, prefix: s.Options.APIPrefix, done: make(chan struct{})}
	e.proxy = &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.Out.URL.Scheme, r.Out.URL.Host = target.Scheme, target.Host
		r.Out.Host = target.Host
		r.SetXForwarded()
	}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("testbed: %w", err)
	}
	e.URL = "https://" + ln.Addr().String() + e.prefix
	e.srv = &http.Server{Handler: http.HandlerFunc(e.serve), TLSConfig: tlsConfig, ErrorLog: discardLog}
	go func() {
		defer close(e.done)
		_ = e.srv.Serve(tls.NewListener(ln, tlsConfig))
	}()
	s.TLS = e
	return nil
}

func (e *TLSEndpoint) serve(w http.ResponseWriter, r *http.Request) {
	if e.prefix != "" && r.URL.Path != e.prefix && !strings.HasPrefix(r.URL.Path, e.prefix+"/") {
		e.outside.Add(1)
		http.Error(w, "404 page not found (the test bed's ingress routes only "+e.prefix+"/)", http.StatusNotFound)
		return
	}
	e.served.Add(1)
	e.proxy.ServeHTTP(w, r)
}

// Served is how many requests the proxy forwarded to Perses.
func (e *TLSEndpoint) Served() int64 { return e.served.Load() }

// Outside is how many requests named a path outside the prefix (answered 404).
func (e *TLSEndpoint) Outside() int64 { return e.outside.Load() }

// discardLog drops the proxy's own log lines: a client refused at the handshake (the test of a
// missing CA or client certificate) is expected, not news.
var discardLog = log.New(io.Discard, "", 0)

// stop closes the proxy.
func (e *TLSEndpoint) stop() {
	if e == nil {
		return
	}
	e.once.Do(func() {
		_ = e.srv.Close()
		<-e.done
	})
}
