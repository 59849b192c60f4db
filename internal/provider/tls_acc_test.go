package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// Perses behind an ingress: the test bed's TLS-terminating proxy on loopback with a CA of its
// own, routing only https://127.0.0.1:PORT/perses/ to a Perses whose api_prefix is /perses.

// tlsProviderConfig is a provider block for s's TLS endpoint; extra lines go inside the block.
func tlsProviderConfig(s *testbed.Server, extra ...string) string {
	return providerConfig(&testbed.Server{URL: s.TLS.URL}, extra...)
}

// expectThroughPrefixOnly fails the test unless the ingress forwarded requests and none named a
// path outside the prefix (the provider dropped it somewhere).
func expectThroughPrefixOnly(t *testing.T, s *testbed.Server) {
	t.Helper()
	if s.TLS.Served() == 0 || s.TLS.Outside() != 0 {
		t.Errorf("through the ingress: %d requests under %s, %d outside the prefix; want some and none", s.TLS.Served(), s.TLS.URL, s.TLS.Outside())
	}
}

// TestAccHTTPSBehindPathPrefix: auth on, the provider logs in and manages a project, secrets and
// datasources of both scopes through the prefix, and probes each datasource through the Perses
// proxy (also under the prefix), trusting the test CA given as ca_cert_pem, then as ca_cert_file
// (an empty plan); without the CA, the plan fails naming the attributes that fix it.
func TestAccHTTPSBehindPathPrefix(t *testing.T) {
	s := accFreshServer(t, testbed.ServerOptions{Auth: true, APIPrefix: "/perses", TLS: true})
	b := newProbedBackends(t)
	login := []string{fmt.Sprintf("username = %q", s.AdminUsername), fmt.Sprintf("password = %q", s.AdminPassword)}
	withPEM := tlsProviderConfig(s, append(login, fmt.Sprintf("ca_cert_pem = %q", s.TLS.CA.CertPEM))...) + b.resources(backendPassword, "")
	withFile := tlsProviderConfig(s, append(login, fmt.Sprintf("ca_cert_file = %q", s.TLS.CA.Files.CACert))...) + b.resources(backendPassword, "")
	withoutCA := tlsProviderConfig(s, login...) + b.resources(backendPassword, "")
	probesOK := append(expectProbe("data.perses_datasource_probe.prometheus", true, 200, matching(`^POST /api/v1/query through the Perses proxy`)),
		expectProbe("data.perses_datasource_probe.clickhouse", true, 200, matching(`^GET /\?query=SELECT%201 through the Perses proxy`))...)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{Config: withPEM, ConfigStateChecks: probesOK},
			{Config: withFile, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}, ConfigStateChecks: probesOK},
			{
				Config: withoutCA, PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)` + flexibleSpaces(`Give the provider the certificate of the CA that signed the server's certificate: `+
					`ca_cert_pem (PERSES_CA_CERT_PEM) or ca_cert_file (PERSES_CA_CERT_FILE)`) + `.*` +
					flexibleSpaces(`the Perses server's TLS certificate is not trusted (tls: failed to verify certificate: x509: certificate signed by unknown authority)`)),
			},
			{Config: withFile, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
	expectThroughPrefixOnly(t, s)
}

// TestAccMutualTLS: the ingress requires a client certificate signed by its CA. Given as files it
// works; as PEM it plans empty; without one the plan fails naming the attributes that fix it (not
// retried: one handshake each).
func TestAccMutualTLS(t *testing.T) {
	s := accFreshServer(t, testbed.ServerOptions{APIPrefix: "/perses", TLS: true, RequireClientCert: true})
	name := accName("mtls")
	objects := fmt.Sprintf(`
resource "perses_project" "team" {
  name = %[1]q
}
resource "perses_project_datasource" "prom" {
  project    = perses_project.team.name
  name       = %[1]q
  default    = true
  prometheus = { direct_url = "https://prometheus.example.com" }
}
resource "perses_global_datasource" "prom" {
  name       = %[1]q
  prometheus = { direct_url = "https://prometheus.example.com" }
}
`, name)
	ca := fmt.Sprintf("ca_cert_file = %q", s.TLS.CA.Files.CACert)
	files := tlsProviderConfig(s, ca, fmt.Sprintf("client_cert_file = %q", s.TLS.CA.Files.ClientCert),
		fmt.Sprintf("client_key_file = %q", s.TLS.CA.Files.ClientKey)) + objects
	pems := tlsProviderConfig(s, ca, fmt.Sprintf("client_cert_pem = %q", s.TLS.CA.ClientCertPEM),
		fmt.Sprintf("client_key_pem = %q", s.TLS.CA.ClientKeyPEM)) + objects
	emptyPlan := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{Config: files},
			{Config: pems, ConfigPlanChecks: emptyPlan},
			{
				Config: tlsProviderConfig(s, ca) + objects, PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)Cannot Read Perses Project.*` + flexibleSpaces(`The Perses server could not be reached to read project "`+name+`".`) + `\s+` +
					flexibleSpaces(`The server (or the ingress in front of it) requires mutual TLS: give the provider a client certificate `+
						`its CA accepts, with client_cert_pem and client_key_pem (PERSES_CLIENT_CERT_PEM, PERSES_CLIENT_KEY_PEM) or client_cert_file and `+
						`client_key_file (PERSES_CLIENT_CERT_FILE, PERSES_CLIENT_KEY_FILE).`) + `.*` +
					flexibleSpaces(`the Perses server refused the TLS connection for want of an accepted client certificate (remote error: tls: certificate required)`)),
			},
			{Config: files, ConfigPlanChecks: emptyPlan},
		},
	})
	expectThroughPrefixOnly(t, s)
}
