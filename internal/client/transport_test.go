package client

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

type headerLog struct {
	mu   sync.Mutex
	seen []http.Header
}

func (h *headerLog) add(r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seen = append(h.seen, r.Header.Clone())
}

func (h *headerLog) all() []http.Header {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]http.Header(nil), h.seen...)
}

// Credentials and extra headers go to the Perses origin only, redirects included.
func TestCredentialsStayOnOrigin(t *testing.T) {
	var other headerLog
	otherSrv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		other.add(r)
		drain(r)
		writeJSON(w, http.StatusOK, &v1.Health{Version: "elsewhere"})
	})
	var origin headerLog
	originSrv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		origin.add(r)
		switch r.URL.Path {
		case "/api/v1/health":
			http.Redirect(w, r, otherSrv.URL+"/health", http.StatusFound)
		case "/api/v1/projects/old":
			http.Redirect(w, r, "/api/v1/projects/new", http.StatusMovedPermanently)
		case "/api/v1/projects/new":
			writeJSON(w, http.StatusOK, newProject("new", ""))
		}
	})
	cfg := testConfig(originSrv.URL)
	cfg.Token = "static-SECRET-token"
	cfg.Headers = map[string]string{"X-Scope-OrgID": "tenant-1"}
	c := mustNew(t, cfg)

	h, err := c.Health(context.Background())
	if err != nil || h.Version != "elsewhere" {
		t.Fatalf("health = %+v, %v", h, err)
	}
	for _, hdr := range other.all() {
		if hdr.Get("Authorization") != "" || hdr.Get("X-Scope-Orgid") != "" {
			t.Errorf("the other origin received %v", hdr)
		}
	}
	if len(other.all()) != 1 {
		t.Fatalf("other origin requests = %d", len(other.all()))
	}

	// A same-origin redirect keeps them.
	if _, err := c.GetProject(context.Background(), "old"); err != nil {
		t.Fatal(err)
	}
	seen := origin.all()
	if len(seen) != 3 {
		t.Fatalf("origin requests = %d", len(seen))
	}
	for _, hdr := range seen {
		if hdr.Get("Authorization") != "Bearer static-SECRET-token" || hdr.Get("X-Scope-Orgid") != "tenant-1" {
			t.Errorf("origin request headers = %v", hdr)
		}
	}
}

// A 307 would resend the login body, password included, to the other host: refused.
func TestBodyNotRedirectedToOtherOrigin(t *testing.T) {
	var other headerLog
	otherSrv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		other.add(r)
		writeJSON(w, http.StatusOK, map[string]string{"access_token": "x"})
	})
	originSrv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherSrv.URL+r.URL.Path, http.StatusTemporaryRedirect)
	})
	cfg := testConfig(originSrv.URL)
	cfg.Username, cfg.Password = "admin", "SECRET-password"
	cfg.MaxRetries = 2
	c := mustNew(t, cfg)
	_, err := c.Health(context.Background())
	if err == nil || !errors.Is(err, errRedirectRefused) {
		t.Fatalf("err = %v", err)
	}
	if len(other.all()) != 0 {
		t.Errorf("the other origin received %d requests", len(other.all()))
	}
}

func TestOriginOf(t *testing.T) {
	for in, want := range map[string]string{
		"https://Perses.example.com/x": "https://perses.example.com:443",
		"http://perses:8080":           "http://perses:8080",
		"http://[::1]/":                "http://[::1]:80",
	} {
		u, _ := parseBaseURL(in)
		if got := originOf(u); got != want {
			t.Errorf("originOf(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestUserAgentAndHeaders(t *testing.T) {
	fake := newFakePerses(t)
	srv := fake.start()
	cfg := testConfig(srv.URL)
	cfg.UserAgent = "terraform-provider-perses/1.2.3"
	cfg.Headers = map[string]string{"X-Extra": "yes"}
	c := mustNew(t, cfg)
	if _, err := c.CreateProject(context.Background(), newProject("p", "")); err != nil {
		t.Fatal(err)
	}
	r := fake.lastRequest()
	if r.Header.Get("User-Agent") != "terraform-provider-perses/1.2.3" || r.Header.Get("X-Extra") != "yes" ||
		r.Header.Get("Content-Type") != "application/json" || r.Header.Get("Authorization") != "" {
		t.Errorf("headers = %v", r.Header)
	}
}

func certPEM(der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

func healthHandler(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, &v1.Health{Version: "0.54.0"})
}

func TestTLSServerVerification(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(healthHandler))
	t.Cleanup(srv.Close)
	ctx := context.Background()

	cfg := testConfig(srv.URL)
	cfg.MaxRetries = 3
	_, err := mustNew(t, cfg).Health(ctx)
	var te *transportError
	if !errors.Is(err, ErrUnreachable) || !errors.Is(err, ErrServerCertificate) || errors.Is(err, ErrClientCertificate) ||
		!errors.As(err, &te) || !te.permanent {
		t.Fatalf("unknown CA: err = %v, want a permanent ErrUnreachable and ErrServerCertificate", err)
	}
	if !strings.Contains(err.Error(), "the Perses server's TLS certificate is not trusted (tls: failed to verify certificate: x509: certificate signed by unknown authority)") {
		t.Errorf("unknown CA: err = %q, want it to name the untrusted certificate", err)
	}
	if fix := te.Fix(); !strings.HasPrefix(fix, "Give the provider the certificate of the CA that signed the server's certificate: ca_cert_pem (PERSES_CA_CERT_PEM) or ca_cert_file (PERSES_CA_CERT_FILE)") {
		t.Errorf("unknown CA: Fix() = %q", fix)
	}

	cfg.CACertPEM = certPEM(srv.Certificate().Raw)
	if _, err := mustNew(t, cfg).Health(ctx); err != nil {
		t.Fatalf("with the CA: %v", err)
	}

	cfg.CACertPEM = ""
	cfg.InsecureSkipVerify = true
	if _, err := mustNew(t, cfg).Health(ctx); err != nil {
		t.Fatalf("insecure: %v", err)
	}
}

// newCA returns a self-signed CA and a client certificate it signed, as PEM.
func newClientCert(t *testing.T) (caPEM, clientCertPEM, clientKeyPEM string) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "terraform"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caTmpl, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return certPEM(caDER), certPEM(der), string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
}

func TestTLSClientCertificate(t *testing.T) {
	caPEM, certPEMData, keyPEM := newClientCert(t)
	clientCAs, err := ParseCACertPEM(caPEM)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.TLS.PeerCertificates) == 0 || r.TLS.PeerCertificates[0].Subject.CommonName != "terraform" {
			writeMessage(w, http.StatusForbidden, "no client certificate")
			return
		}
		healthHandler(w, r)
	}))
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: clientCAs, MinVersion: tls.VersionTLS12}
	var connections atomic.Int64
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			connections.Add(1)
		}
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)

	cfg := testConfig(srv.URL)
	cfg.CACertPEM = certPEM(srv.Certificate().Raw)
	cfg.MaxRetries = 3
	for _, tc := range []struct {
		maxVersion uint16
		want       error // nil: the alert says only "handshake failure"
	}{
		// TLS 1.3 reports the refusal on the first read after the handshake ("certificate
		// required"); Go's TLS 1.2 server only says "handshake failure" during it.
		{tls.VersionTLS13, ErrClientCertificate},
		{tls.VersionTLS12, nil},
	} {
		srv.TLS.MaxVersion = tc.maxVersion
		before := connections.Load()
		_, err := mustNew(t, cfg).Health(context.Background())
		var te *transportError
		if !errors.As(err, &te) || !te.permanent || errors.Is(err, ErrServerCertificate) {
			t.Fatalf("TLS %x without a client certificate: err = %v, want a permanent transport error", tc.maxVersion, err)
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("TLS %x without a client certificate: err = %v, want %v", tc.maxVersion, err, tc.want)
		}
		if got := connections.Load() - before; got != 1 {
			t.Errorf("TLS %x without a client certificate: %d connections, want 1 (never retried)", tc.maxVersion, got)
		}
		fix := te.Fix()
		if tc.want != nil && !strings.Contains(fix, "client_cert_file and client_key_file (PERSES_CLIENT_CERT_FILE, PERSES_CLIENT_KEY_FILE)") {
			t.Errorf("TLS %x: Fix() = %q", tc.maxVersion, fix)
		}
		if tc.want == nil && fix != "" {
			t.Errorf("TLS %x: Fix() = %q, want none for an alert that does not name the cause", tc.maxVersion, fix)
		}
	}
	srv.TLS.MaxVersion = 0
	cfg.ClientCertPEM, cfg.ClientKeyPEM = certPEMData, keyPEM
	if _, err := mustNew(t, cfg).Health(context.Background()); err != nil {
		t.Fatalf("with a client certificate: %v", err)
	}
}

func TestParsePEMErrors(t *testing.T) {
	caPEM, certPEMData, keyPEM := newClientCert(t)
	if _, err := ParseCACertPEM(caPEM + caPEM); err != nil {
		t.Errorf("two CAs: %v", err)
	}
	for name, in := range map[string]string{
		"empty":    "",
		"garbage":  "not a certificate",
		"key":      keyPEM,
		"trailing": caPEM + "junk",
		"bad DER":  string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("nope")})),
	} {
		if _, err := ParseCACertPEM(in); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := ParseClientCertPEM(certPEMData, keyPEM); err != nil {
		t.Errorf("valid pair: %v", err)
	}
	_, _, otherKey := newClientCert(t)
	for name, pair := range map[string][2]string{
		"no key":     {certPEMData, ""},
		"no cert":    {"", keyPEM},
		"mismatched": {certPEMData, otherKey},
	} {
		_, err := ParseClientCertPEM(pair[0], pair[1])
		if err == nil {
			t.Errorf("%s: accepted", name)
		} else if strings.Contains(err.Error(), "PRIVATE KEY") && strings.Contains(err.Error(), "MHc") {
			t.Errorf("%s: key material in error: %v", name, err)
		}
	}
	if _, err := New(Config{URL: "https://perses", CACertPEM: "junk"}); err == nil {
		t.Error("New accepted a bad CA")
	}
	if _, err := New(Config{URL: "https://perses", ClientCertPEM: certPEMData}); err == nil {
		t.Error("New accepted a certificate without its key")
	}
}
