package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// The probe against real backends started by the test bed on loopback: Debian's Prometheus and
// ClickHouse, each accepting one user with a password. The datasources, their secrets and the
// probes are in one configuration, so the probes are read at apply, after the datasources exist.

const (
	backendUser     = "perses"
	backendPassword = "backend-password"
)

// probedBackends is a global Prometheus datasource and a ClickHouse datasource of a project,
// each with a secret holding a password for its backend, and a probe of each.
type probedBackends struct {
	project, prometheus, clickhouse string
	prom                            *testbed.Prometheus
	ch                              *testbed.ClickHouse
}

func newProbedBackends(t *testing.T) probedBackends {
	return probedBackends{
		project: accName("probe"), prometheus: accName("prometheus"), clickhouse: accName("clickhouse"),
		prom: testbed.StartTestPrometheus(t, testbed.PrometheusOptions{Username: backendUser, Password: backendPassword}),
		ch:   testbed.StartTestClickHouse(t, testbed.ClickHouseOptions{Username: backendUser, Password: backendPassword}),
	}
}

// config renders them for s with the password the secrets hold and the Prometheus datasource's
// extra attributes (e.g. allowed_endpoints) inside its proxy block.
func (b probedBackends) config(s *testbed.Server, password, prometheusProxyExtra string) string {
	return providerConfig(s) + b.resources(password, prometheusProxyExtra)
}

// resources renders them without the provider block.
func (b probedBackends) resources(password, prometheusProxyExtra string) string {
	return fmt.Sprintf(`
resource "perses_project" "team" {
  name = %[1]q
}

resource "perses_global_secret" "prometheus" {
  name       = %[2]q
  basic_auth = { username = %[4]q, password = %[5]q }
}

resource "perses_global_datasource" "prometheus" {
  name = %[2]q
  prometheus = {
    proxy = {
      url    = %[6]q
      secret = perses_global_secret.prometheus.name
      %[8]s
    }
  }
}

resource "perses_project_secret" "clickhouse" {
  project    = perses_project.team.name
  name       = %[3]q
  basic_auth = { username = %[4]q, password = %[5]q }
}

resource "perses_project_datasource" "clickhouse" {
  project    = perses_project.team.name
  name       = %[3]q
  clickhouse = { proxy = { url = %[7]q, secret = perses_project_secret.clickhouse.name } }
}

data "perses_datasource_probe" "prometheus" {
  name = perses_global_datasource.prometheus.name
}

data "perses_datasource_probe" "clickhouse" {
  project = perses_project_datasource.clickhouse.project
  name    = perses_project_datasource.clickhouse.name
}
`, b.project, b.prometheus, b.clickhouse, backendUser, password, b.prom.URL, b.ch.URL, prometheusProxyExtra)
}

// expectProbe checks the outputs of a probe data source.
func expectProbe(address string, ok bool, status int64, diagnosis knownvalue.Check) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(address, tfjsonpath.New("ok"), knownvalue.Bool(ok)),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("status_code"), knownvalue.Int64Exact(status)),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("latency_ms"), knownvalue.NotNull()),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("diagnosis"), diagnosis),
	}
}

func exactly(text string) knownvalue.Check { return knownvalue.StringExact(text) }

func matching(pattern string) knownvalue.Check {
	return knownvalue.StringRegexp(regexp.MustCompile(pattern))
}

// TestAccProbeSucceedsThroughTheProxy: the default probe of each kind (Prometheus: POST
// /api/v1/query with query=up; ClickHouse: GET /?query=SELECT%201) goes through the proxy of the
// datasource's scope with the secret's credentials and succeeds; so does a probe of an explicit
// path allowed by the default allowed_endpoints.
func TestAccProbeSucceedsThroughTheProxy(t *testing.T) {
	s := accServerAuthOff(t)
	b := newProbedBackends(t)
	config := b.config(s, backendPassword, "") + `
data "perses_datasource_probe" "label_values" {
  name   = perses_global_datasource.prometheus.name
  path   = "/api/v1/label/__name__/values"
  method = "GET"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: append(append(
				expectProbe("data.perses_datasource_probe.prometheus", true, 200, matching(
					`^POST /api/v1/query through the Perses proxy of global datasource "`+b.prometheus+`" answered 200 in \d+ ms\.$`)),
				expectProbe("data.perses_datasource_probe.clickhouse", true, 200, matching(
					`^GET /\?query=SELECT%201 through the Perses proxy of project datasource "`+b.project+"/"+b.clickhouse+`" answered 200 in \d+ ms\.$`))...),
				expectProbe("data.perses_datasource_probe.label_values", true, 200, matching(`^GET /api/v1/label/__name__/values through`))...),
		}},
	})
}

// TestAccProbeDiagnosesEndpointNotAllowed: allowed_endpoints lets /api/v1/query through for GET
// only, and Perses queries Prometheus with POST: the proxy's own 403 is told apart from a
// backend's, and the diagnosis names the method and path to allow.
func TestAccProbeDiagnosesEndpointNotAllowed(t *testing.T) {
	s := accServerAuthOff(t)
	b := newProbedBackends(t)
	getOnly := `allowed_endpoints = [{ endpoint_pattern = "/api/v1/query", method = "GET" }]`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: b.config(s, backendPassword, getOnly),
			ConfigStateChecks: expectProbe("data.perses_datasource_probe.prometheus", false, 403, exactly(
				`The Perses proxy of global datasource "`+b.prometheus+`" refused POST /api/v1/query with 403: no entry of prometheus.proxy.allowed_endpoints `+
					`allows POST for the path /api/v1/query (entries for it allow GET only). `+
					`Add { endpoint_pattern = "/api/v1/query", method = "POST" } to prometheus.proxy.allowed_endpoints.`)),
		}},
	})
}

// TestAccProbeDiagnosesUnreachableBackend: once the backends stop, the proxy answers 500 and the
// diagnosis says the Perses server cannot reach them, with the container DNS hint.
func TestAccProbeDiagnosesUnreachableBackend(t *testing.T) {
	s := accServerAuthOff(t)
	b := newProbedBackends(t)
	config := b.config(s, backendPassword, "")
	unreachable := func(what, url, attribute, request, example string) string {
		host := strings.TrimPrefix(url, "http://")
		return `^The Perses server could not reach the backend of ` + regexp.QuoteMeta(what) + ` at ` + regexp.QuoteMeta(url) +
			` \(` + attribute + `\.proxy\.url\) for ` + regexp.QuoteMeta(request) + `: the proxy answered 500: .*` + regexp.QuoteMeta(host) +
			`.*connection refused\. The proxy URL is dialled by the Perses server, not by Terraform: if Perses runs in a container, localhost is that container\. ` +
			`Use a name the Perses server resolves, such as the backend's service or container DNS name \(` + regexp.QuoteMeta(example) + `.*\)` +
			`, and check that the backend is up\.$`
	}
	port := func(url string) string { return url[strings.LastIndex(url, ":"):] }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: append(expectProbe("data.perses_datasource_probe.prometheus", true, 200, knownvalue.NotNull()),
					expectProbe("data.perses_datasource_probe.clickhouse", true, 200, knownvalue.NotNull())...),
			},
			{
				PreConfig: func() { b.prom.Stop(); b.ch.Stop() },
				Config:    config,
				ConfigStateChecks: append(
					expectProbe("data.perses_datasource_probe.prometheus", false, 500, matching(unreachable(
						`global datasource "`+b.prometheus+`"`, b.prom.URL, "prometheus", "POST /api/v1/query",
						"http://prometheus.monitoring.svc"+port(b.prom.URL)))),
					expectProbe("data.perses_datasource_probe.clickhouse", false, 500, matching(unreachable(
						`project datasource "`+b.project+"/"+b.clickhouse+`"`, b.ch.URL, "clickhouse", "GET /?query=SELECT%201",
						"http://clickhouse.monitoring.svc"+port(b.ch.URL))))...),
			},
		},
	})
}

// TestAccProbeDiagnosesWrongCredentials: the secrets hold a wrong password; both backends answer
// 401 through the proxy, and the diagnosis points at the secret of the datasource's scope.
func TestAccProbeDiagnosesWrongCredentials(t *testing.T) {
	s := accServerAuthOff(t)
	b := newProbedBackends(t)
	check := func(what, response, secretResource, secret, attribute string) string {
		return `^The backend of ` + regexp.QuoteMeta(what) + ` refused the credentials the Perses proxy sent: ` + response +
			regexp.QuoteMeta(fmt.Sprintf(`. Check basic_auth, authorization or oauth in the %s %q that %s.proxy.secret names: `+
				`the password or token may be wrong, expired, or lack a permission on the backend.`, secretResource, secret, attribute)) + `$`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: b.config(s, "wrong-password", ""),
			ConfigStateChecks: append(
				expectProbe("data.perses_datasource_probe.prometheus", false, 401, matching(check(`global datasource "`+b.prometheus+`"`,
					regexp.QuoteMeta(`POST /api/v1/query answered 401 (Unauthorized)`), "perses_global_secret", b.prometheus, "prometheus"))),
				expectProbe("data.perses_datasource_probe.clickhouse", false, 401, matching(check(`project datasource "`+b.project+"/"+b.clickhouse+`"`,
					regexp.QuoteMeta(`GET /?query=SELECT%201 answered 401 (Code: 193, e.displayText() = DB::Exception: Wrong password for user perses`)+`.*\)`,
					"perses_project_secret", b.clickhouse, "clickhouse")))...),
		}},
	})
}

// TestAccProbeDiagnosesMissingDatasource: a probe of the global scope for a name that only a
// project datasource has answers 404, and says where that name exists.
func TestAccProbeDiagnosesMissingDatasource(t *testing.T) {
	s := accServerAuthOff(t)
	project, name := accName("probe"), accName("prometheus")
	config := providerConfig(s) + fmt.Sprintf(`
resource "perses_project" "team" {
  name = %[1]q
}

resource "perses_project_datasource" "prometheus" {
  project    = perses_project.team.name
  name       = %[2]q
  prometheus = { direct_url = "https://prometheus.example.com" }
}

data "perses_datasource_probe" "global" {
  name = perses_project_datasource.prometheus.name
}

data "perses_datasource_probe" "direct" {
  project = perses_project_datasource.prometheus.project
  name    = perses_project_datasource.prometheus.name
}
`, project, name)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.perses_datasource_probe.global", tfjsonpath.New("status_code"), knownvalue.Int64Exact(404)),
				statecheck.ExpectKnownValue("data.perses_datasource_probe.global", tfjsonpath.New("diagnosis"), exactly(fmt.Sprintf(
					`global datasource %[1]q does not exist on the Perses server. A project datasource of that name exists in project %[2]q: `+
						`set project = %[2]q to probe it.`, name, project))),
				statecheck.ExpectKnownValue("data.perses_datasource_probe.direct", tfjsonpath.New("ok"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.perses_datasource_probe.direct", tfjsonpath.New("status_code"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue("data.perses_datasource_probe.direct", tfjsonpath.New("diagnosis"), exactly(fmt.Sprintf(
					`project datasource "%s/%s" has no proxy (it uses direct_url): browsers query its backend directly, so the Perses server cannot probe it. `+
						`Give it a proxy to probe it, or check its URL from where the dashboards are viewed.`, project, name))),
			},
		}},
	})
}
