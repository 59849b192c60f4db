package client

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
)

// ReadPEMFile returns the text of a PEM file. The error names the file and the reason
// (os errors carry the path).
func ReadPEMFile(path string) (string, error) {
	data, err := os.ReadFile(path) //nolint:gosec // the path is the user's own setting
	if err != nil {
		return "", err
	}
	return string(data), nil
}

// pemOrFile returns the PEM text given inline or, when file is set, read from it.
func pemOrFile(inline, file string) (string, error) {
	if file == "" {
		return inline, nil
	}
	return ReadPEMFile(file)
}

// newTokenURLTransport is the transport to the OAuth token endpoint. It shares nothing of the
// Perses TLS settings: the identity provider is usually a public one, verified with the system
// roots, and the Perses CA, client certificate and insecure_skip_verify are about the Perses
// server. OAuthConfig.CACertPEM/CACertFile trust a private identity provider (in addition to
// nothing else: like the Perses CA, they replace the system roots for that connection).
func newTokenURLTransport(o *OAuthConfig) (*http.Transport, error) {
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	pool, err := rootCAs(o.CACertPEM, o.CACertFile)
	if err != nil {
		return nil, err
	}
	tlsConfig.RootCAs = pool
	t := &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		t = dt.Clone()
	}
	t.TLSClientConfig = tlsConfig
	return t, nil
}

// rootCAs is the CA pool of a PEM or a PEM file, nil (the system roots) when neither is set.
func rootCAs(pemText, file string) (*x509.CertPool, error) {
	caPEM, err := pemOrFile(pemText, file)
	if err != nil || caPEM == "" {
		return nil, err
	}
	return ParseCACertPEM(caPEM)
}
