package testbed

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServerBehindTLSWithPrefix: Perses with api_prefix /perses behind the test bed's TLS proxy
// demanding a client certificate. The API answers under the prefix to a client trusting the CA
// and presenting the certificate; the proxy refuses a path outside the prefix (404), a client
// without the certificate (handshake) and a client that does not trust the CA (verification).
func TestServerBehindTLSWithPrefix(t *testing.T) {
	t.Parallel()
	s := StartTestServer(t, ServerOptions{APIPrefix: "/perses", TLS: true, RequireClientCert: true})
	if !strings.HasPrefix(s.TLS.URL, "https://127.0.0.1:") || !strings.HasSuffix(s.TLS.URL, "/perses") {
		t.Fatalf("TLS.URL = %q, want https://127.0.0.1:PORT/perses", s.TLS.URL)
	}
	trusted, err := s.TLS.CA.ClientTLSConfig()
	if err != nil {
		t.Fatal(err)
	}
	get := func(cfg *tls.Config, url string) (int, error) {
		c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil, TLSClientConfig: cfg}}
		resp, err := c.Get(url)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close() //nolint:errcheck // read-only
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, nil
	}

	if code, err := get(trusted, s.TLS.URL+"/api/v1/health"); err != nil || code != http.StatusOK {
		t.Fatalf("GET %s/api/v1/health = %d, %v; want 200", s.TLS.URL, code, err)
	}
	root := strings.TrimSuffix(s.TLS.URL, "/perses")
	if code, err := get(trusted, root+"/api/v1/health"); err != nil || code != http.StatusNotFound {
		t.Fatalf("GET %s/api/v1/health (outside the prefix) = %d, %v; want 404", root, code, err)
	}
	if s.TLS.Served() != 1 || s.TLS.Outside() != 1 {
		t.Errorf("served %d, outside %d; want 1 and 1", s.TLS.Served(), s.TLS.Outside())
	}

	noCert := trusted.Clone()
	noCert.Certificates = nil
	if _, err := get(noCert, s.TLS.URL+"/api/v1/health"); err == nil || !strings.Contains(err.Error(), "certificate required") {
		t.Errorf("without a client certificate: %v; want a handshake refusal (certificate required)", err)
	}
	untrusting := trusted.Clone()
	untrusting.RootCAs = x509.NewCertPool()
	var unknown x509.UnknownAuthorityError
	if _, err := get(untrusting, s.TLS.URL+"/api/v1/health"); !errors.As(err, &unknown) {
		t.Errorf("without the CA: %v; want x509.UnknownAuthorityError", err)
	}
}

func TestCheckTLSOptions(t *testing.T) {
	for _, tc := range []struct {
		opts ServerOptions
		want string
	}{
		{ServerOptions{APIPrefix: "perses"}, `testbed: APIPrefix "perses" must start with / and not end with one (e.g. /perses)`},
		{ServerOptions{APIPrefix: "/perses/"}, `testbed: APIPrefix "/perses/" must start with / and not end with one (e.g. /perses)`},
		{ServerOptions{RequireClientCert: true}, "testbed: RequireClientCert needs TLS"},
		{ServerOptions{TLS: true, Detached: true}, "testbed: a TLS endpoint runs in the test bed's process and cannot outlive it: TLS and Detached exclude each other"},
		{ServerOptions{APIPrefix: "/perses", TLS: true, RequireClientCert: true}, ""},
	} {
		err := checkTLSOptions(tc.opts)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("checkTLSOptions(%+v) = %q, want %q", tc.opts, got, tc.want)
		}
	}
}
