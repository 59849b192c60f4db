package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// caCert checks a CA given inline or as a file and returns what the client takes. Files are
// read at Configure only (offline, ValidateConfig cannot assume the file is there).
func (r *resolver) caCert(inline, file setting) (string, string) {
	switch {
	case inline.set():
		if _, err := client.ParseCACertPEM(inline.value); err != nil {
			r.diags.Append(diagnostics.AttributeErrorCause(inline.path, "Unreadable CA Certificate",
				inline.source+" does not hold a readable PEM certificate.",
				`Give the PEM text itself, starting with "-----BEGIN CERTIFICATE-----" (e.g. `+inline.path.String()+` = file("ca.pem")), or give the path in the _file attribute instead.`, err))
		}
		return inline.value, ""
	case file.set():
		if r.offline {
			return "", file.value
		}
		text, err := client.ReadPEMFile(file.value)
		if err == nil {
			_, err = client.ParseCACertPEM(text)
		}
		if err != nil {
			r.diags.Append(diagnostics.AttributeErrorCause(file.path, "Unreadable CA Certificate File",
				fmt.Sprintf("%s is %q, which is not a readable PEM file of CA certificates.", file.source, file.value),
				`Give the path of a PEM file holding "-----BEGIN CERTIFICATE-----" blocks.`, err))
		}
		return "", file.value
	}
	return "", ""
}

// pemText returns the text of an inline or file PEM setting, and the setting used (for messages).
func (r *resolver) pemText(inline, file setting) (string, setting, bool) {
	switch {
	case inline.set():
		return inline.value, inline, true
	case file.set():
		if r.offline {
			return "", file, false
		}
		text, err := client.ReadPEMFile(file.value)
		if err != nil {
			r.diags.Append(diagnostics.AttributeErrorCause(file.path, "Unreadable File",
				fmt.Sprintf("%s is %q, which cannot be read.", file.source, file.value),
				"Give the path of a readable PEM file.", err))
			return "", file, false
		}
		return text, file, true
	}
	return "", inline, false
}

// resolveTLS: the Perses server's CA and client certificate, each inline or from a file.
func (r *resolver) resolveTLS(m providerModel, cfg *client.Config) {
	ca, caFile := r.oneOf(r.str(m.CACertPEM, path.Root("ca_cert_pem"), envCACertPEM),
		r.str(m.CACertFile, path.Root("ca_cert_file"), envCACertFile))
	cfg.CACertPEM, cfg.CACertFile = r.caCert(ca, caFile)

	cert, certFile := r.oneOf(r.str(m.ClientCertPEM, path.Root("client_cert_pem"), envClientCertPEM),
		r.str(m.ClientCertFile, path.Root("client_cert_file"), envClientCertFile))
	key, keyFile := r.oneOf(r.str(m.ClientKeyPEM, path.Root("client_key_pem"), envClientKeyPEM),
		r.str(m.ClientKeyFile, path.Root("client_key_file"), envClientKeyFile))
	haveCert, haveKey := cert.set() || certFile.set(), key.set() || keyFile.set()
	switch {
	case cert.unknown || key.unknown || certFile.unknown || keyFile.unknown:
	case haveCert && !haveKey:
		src := cert
		if !cert.set() {
			src = certFile
		}
		r.diags.Append(diagnostics.AttributeError(key.path, "Missing Client Key",
			src.source+" is set but neither client_key_pem nor client_key_file is: mutual TLS needs both.",
			`Set client_key_pem = file("client-key.pem") or client_key_file = "client-key.pem" (or `+envClientKeyPEM+` / `+envClientKeyFile+`), or remove the client certificate.`))
	case haveKey && !haveCert:
		src := key
		if !key.set() {
			src = keyFile
		}
		r.diags.Append(diagnostics.AttributeError(cert.path, "Missing Client Certificate",
			src.source+" is set but neither client_cert_pem nor client_cert_file is: mutual TLS needs both.",
			`Set client_cert_pem = file("client.pem") or client_cert_file = "client.pem" (or `+envClientCertPEM+` / `+envClientCertFile+`), or remove the client key.`))
	case haveCert && haveKey:
		certText, certFrom, okCert := r.pemText(cert, certFile)
		keyText, keyFrom, okKey := r.pemText(key, keyFile)
		if okCert && okKey {
			if _, err := client.ParseClientCertPEM(certText, keyText); err != nil {
				r.diags.Append(diagnostics.AttributeErrorCause(certFrom.path, "Unreadable Client Certificate",
					fmt.Sprintf("%s and %s do not form a readable PEM certificate and private key pair.", describePEM(certFrom), describePEM(keyFrom)),
					`Give PEM texts (e.g. file("client.pem") and file("client-key.pem")) or PEM files, the key matching the certificate.`, err))
			}
		}
		cfg.ClientCertPEM, cfg.ClientCertFile = cert.value, certFile.value
		cfg.ClientKeyPEM, cfg.ClientKeyFile = key.value, keyFile.value
	}
}

func describePEM(s setting) string {
	if s.path.String() == "client_cert_file" || s.path.String() == "client_key_file" {
		return fmt.Sprintf("%s (%q)", s.source, s.value)
	}
	return s.source
}
