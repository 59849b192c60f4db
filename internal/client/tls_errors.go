package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strings"
)

// Two TLS failures the provider's configuration, not the network, must fix. Both come with
// ErrUnreachable and are never retried: the same handshake fails the same way.
var (
	// ErrServerCertificate: the server's certificate did not verify (unknown authority, wrong
	// host name, expired).
	ErrServerCertificate = errors.New("the Perses server's TLS certificate is not trusted")
	// ErrClientCertificate: the server (or the proxy in front of it) required a client
	// certificate and got none, or refused the one presented.
	ErrClientCertificate = errors.New("the Perses server refused the TLS connection for want of an accepted client certificate")
)

// handshakeFailure tells which of the two err is, or nil.
func handshakeFailure(err error) error {
	var certInvalid x509.CertificateInvalidError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var verification *tls.CertificateVerificationError
	if errors.As(err, &certInvalid) || errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &verification) {
		return ErrServerCertificate
	}
	// The server's alert arrives as a *net.OpError{Op: "remote error"} wrapping crypto/tls's
	// unexported alert type: "certificate required" (TLS 1.3, on the first read after the
	// handshake), "bad certificate", "unknown certificate authority" or "certificate unknown" when
	// the presented certificate is not accepted. A TLS 1.2 server missing a certificate may only
	// say "handshake failure", which a cipher or version mismatch says too: see remoteAlert.
	switch alert := remoteAlert(err); {
	case alert == "":
	case strings.Contains(alert, "certificate required"), strings.Contains(alert, "bad certificate"),
		strings.Contains(alert, "unknown certificate authority"), strings.Contains(alert, "certificate unknown"):
		return ErrClientCertificate
	}
	return nil
}

// remoteAlert is the TLS alert the server sent, e.g. "tls: handshake failure", or "". Any alert
// ends the connection and the next handshake gets the same: never worth a retry.
func remoteAlert(err error) string {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "remote error" && opErr.Err != nil {
		return opErr.Err.Error()
	}
	return ""
}

// Fix says what to configure for a TLS failure, naming the provider's attributes and their
// environment variables; "" for other failures. The provider's diagnostics use it instead of
// their generic advice about the url and the network.
func (e *transportError) Fix() string {
	switch {
	case errors.Is(e.tls, ErrServerCertificate):
		return "Give the provider the certificate of the CA that signed the server's certificate: ca_cert_pem (PERSES_CA_CERT_PEM) " +
			"or ca_cert_file (PERSES_CA_CERT_FILE); check that the url's host name is one the certificate names. " +
			"(insecure_skip_verify = true turns verification off: for tests only.)"
	case errors.Is(e.tls, ErrClientCertificate):
		return "The server (or the ingress in front of it) requires mutual TLS: give the provider a client certificate its CA accepts, " +
			"with client_cert_pem and client_key_pem (PERSES_CLIENT_CERT_PEM, PERSES_CLIENT_KEY_PEM) or client_cert_file and " +
			"client_key_file (PERSES_CLIENT_CERT_FILE, PERSES_CLIENT_KEY_FILE)."
	}
	return ""
}
