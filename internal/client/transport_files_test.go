package client

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTLSFromFiles(t *testing.T) {
	caPEM, certPEMData, keyPEM := newClientCert(t)
	clientCAs, err := ParseCACertPEM(caPEM)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(healthHandler))
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: clientCAs, MinVersion: tls.VersionTLS12}
	srv.StartTLS()
	t.Cleanup(srv.Close)

	dir := t.TempDir()
	cfg := testConfig(srv.URL)
	cfg.CACertFile = writeFile(t, dir, "ca.pem", certPEM(srv.Certificate().Raw))
	cfg.ClientCertFile = writeFile(t, dir, "client.pem", certPEMData)
	cfg.ClientKeyFile = writeFile(t, dir, "client-key.pem", keyPEM)
	if _, err := mustNew(t, cfg).Health(context.Background()); err != nil {
		t.Fatalf("CA, certificate and key from files: %v", err)
	}

	// A file may pair with an inline PEM.
	cfg.ClientKeyFile, cfg.ClientKeyPEM = "", keyPEM
	if _, err := mustNew(t, cfg).Health(context.Background()); err != nil {
		t.Fatalf("certificate from a file, key inline: %v", err)
	}

	// Without the CA file the server is not trusted; without the client certificate it refuses.
	noCA := cfg
	noCA.CACertFile = ""
	if _, err := mustNew(t, noCA).Health(context.Background()); err == nil {
		t.Error("trusted without the CA file")
	}
	noCert := cfg
	noCert.ClientCertFile, noCert.ClientKeyPEM = "", ""
	if _, err := mustNew(t, noCert).Health(context.Background()); err == nil {
		t.Error("accepted without the client certificate")
	}

	for name, bad := range map[string]Config{
		"CA":          {URL: srv.URL, CACertFile: filepath.Join(dir, "missing-ca.pem")},
		"certificate": {URL: srv.URL, ClientCertFile: filepath.Join(dir, "missing-cert.pem"), ClientKeyPEM: keyPEM},
		"key":         {URL: srv.URL, ClientCertPEM: certPEMData, ClientKeyFile: filepath.Join(dir, "missing-key.pem")},
	} {
		_, err := New(bad)
		want := "open " + filepath.Join(dir, "missing-") // the path, then the reason
		if err == nil || len(err.Error()) < len(want) || err.Error()[:len(want)] != want {
			t.Errorf("%s file missing: err = %v, want it to start with %q", name, err, want)
		}
	}
}
