package testbed

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// TestCA is a certificate authority made for one server: it signs the TLS proxy's server
// certificate (for 127.0.0.1 and localhost) and one client certificate. Nothing of it is trusted
// by the system: a client trusts it only when given CertPEM.
type TestCA struct {
	// CertPEM is the CA certificate, what the provider's ca_cert_pem takes.
	CertPEM string
	// ServerCertPEM and ServerKeyPEM are the TLS proxy's certificate and key.
	ServerCertPEM, ServerKeyPEM string
	// ClientCertPEM and ClientKeyPEM are a client certificate (CN testbed-client) signed by the CA.
	ClientCertPEM, ClientKeyPEM string
	// Files are the same PEMs written under the server's directory, for the *_file attributes.
	Files TLSFiles

	pool *x509.CertPool
}

// TLSFiles are the paths of a TestCA's PEM files.
type TLSFiles struct {
	CACert, ClientCert, ClientKey string
}

// newTestCA makes a CA and its certificates, valid from an hour ago for a day.
func newTestCA() (*TestCA, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "terraform-provider-perses test bed CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	ca := &TestCA{CertPEM: pemBlock("CERTIFICATE", caDER), pool: x509.NewCertPool()}
	ca.pool.AddCert(caCert)

	leaf := func(serial int64, cn string, usage x509.ExtKeyUsage, ips []net.IP, dns []string) (certPEM, keyPEM string, err error) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return "", "", err
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial),
			Subject:      pkix.Name{CommonName: cn},
			NotBefore:    now.Add(-time.Hour),
			NotAfter:     now.Add(24 * time.Hour),
			KeyUsage:     x509.KeyUsageDigitalSignature,
			ExtKeyUsage:  []x509.ExtKeyUsage{usage},
			IPAddresses:  ips,
			DNSNames:     dns,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
		if err != nil {
			return "", "", err
		}
		keyDER, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return "", "", err
		}
		return pemBlock("CERTIFICATE", der), pemBlock("PRIVATE KEY", keyDER), nil
	}
	if ca.ServerCertPEM, ca.ServerKeyPEM, err = leaf(2, "127.0.0.1", x509.ExtKeyUsageServerAuth,
		[]net.IP{net.IPv4(127, 0, 0, 1)}, []string{"localhost"}); err != nil {
		return nil, err
	}
	if ca.ClientCertPEM, ca.ClientKeyPEM, err = leaf(3, "testbed-client", x509.ExtKeyUsageClientAuth, nil, nil); err != nil {
		return nil, err
	}
	return ca, nil
}

func pemBlock(typ string, der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
}

// writeFiles writes the CA certificate and the client certificate and key into dir.
func (ca *TestCA) writeFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	files := TLSFiles{
		CACert:     filepath.Join(dir, "ca.pem"),
		ClientCert: filepath.Join(dir, "client.pem"),
		ClientKey:  filepath.Join(dir, "client-key.pem"),
	}
	for path, data := range map[string]string{files.CACert: ca.CertPEM, files.ClientCert: ca.ClientCertPEM, files.ClientKey: ca.ClientKeyPEM} {
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			return err
		}
	}
	ca.Files = files
	return nil
}

// serverTLSConfig is the proxy's TLS configuration: its certificate and, when requireClientCert,
// the demand for a client certificate signed by the CA.
func (ca *TestCA) serverTLSConfig(requireClientCert bool) (*tls.Config, error) {
	cert, err := tls.X509KeyPair([]byte(ca.ServerCertPEM), []byte(ca.ServerKeyPEM))
	if err != nil {
		return nil, fmt.Errorf("testbed: test CA server certificate: %w", err)
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
	if requireClientCert {
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
		cfg.ClientCAs = ca.pool
	}
	return cfg, nil
}

// ClientTLSConfig trusts the CA and presents the client certificate: what a test's own HTTP
// client uses to talk to the proxy.
func (ca *TestCA) ClientTLSConfig() (*tls.Config, error) {
	cert, err := tls.X509KeyPair([]byte(ca.ClientCertPEM), []byte(ca.ClientKeyPEM))
	if err != nil {
		return nil, fmt.Errorf("testbed: test CA client certificate: %w", err)
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: ca.pool, Certificates: []tls.Certificate{cert}}, nil
}
