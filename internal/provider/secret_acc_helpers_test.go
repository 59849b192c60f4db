package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// writeOnlyRefusal is how the provider (terraform-plugin-framework) refuses a write-only value
// from a CLI that does not support write-only attributes (Terraform and OpenTofu before 1.11):
// what Terraform 1.8.5 users see.
var writeOnlyRefusal = writeOnlyRefusalOf("basic_auth.password_wo")

// writeOnlyRefusalOf matches the refusal of a write-only attribute ("" for any).
func writeOnlyRefusalOf(attribute string) *regexp.Regexp {
	at := `\S+`
	if attribute != "" {
		at = regexp.QuoteMeta(attribute)
	}
	return regexp.MustCompile(`(?s)` + flexibleSpaces(`Error: WriteOnly Attribute Not Allowed`) + `.*` +
		flexibleSpaces(`The resource contains a non-null value for WriteOnly attribute`) + `\s+` + at + `\.\s+` +
		flexibleSpaces(`Write-only attributes are only supported in Terraform 1.11 and later.`))
}

// secretForm is one way of giving a secret value in the configuration.
type secretForm struct {
	name string
	// basicAuth renders the basic_auth block for a password (an HCL expression: a quoted
	// literal, or a reference such as var.password) and a version, which only the write-only
	// form uses.
	basicAuth func(username, passwordExpr string, version int) string
}

var (
	sensitiveForm = secretForm{name: "sensitive", basicAuth: func(username, passwordExpr string, _ int) string {
		return fmt.Sprintf("basic_auth = {\n    username = %q\n    password = %s\n  }", username, passwordExpr)
	}}
	writeOnlyForm = secretForm{name: "write-only", basicAuth: func(username, passwordExpr string, version int) string {
		return fmt.Sprintf("basic_auth = {\n    username            = %q\n    password_wo         = %s\n    password_wo_version = %d\n  }", username, passwordExpr, version)
	}}
)

// secretConfig renders one secret resource named "test" in a scope.
func secretConfig(sc scope, project, name, body string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"perses_%s\" \"test\" {\n", sc.typeSuffix())
	if sc.project {
		fmt.Fprintf(&b, "  project = %q\n", project)
	}
	fmt.Fprintf(&b, "  name = %q\n  %s\n}\n", name, body)
	return b.String()
}

func checkSecretDestroyed(c *client.Client, sc scope) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		for _, rs := range st.RootModule().Resources {
			if rs.Type != "perses_"+sc.typeSuffix() {
				continue
			}
			_, err := c.GetSecret(context.Background(), rs.Primary.Attributes["project"], rs.Primary.Attributes["name"])
			if !errors.Is(err, client.ErrNotFound) {
				return fmt.Errorf("%s still exists after destroy: %w", rs.Primary.ID, err)
			}
		}
		return nil
	}
}

// proxyQuery sends `query=up` through the Perses proxy of a datasource (project "" for a global
// one), as a dashboard panel does, and returns the status: 200 when the backend accepted the
// credentials of the datasource's secret, the backend's 401 when it refused them.
func proxyQuery(t *testing.T, s *testbed.Server, project, datasource string) int {
	t.Helper()
	path := "/proxy/globaldatasources/" + url.PathEscape(datasource) + "/api/v1/query"
	if project != "" {
		path = "/proxy/projects/" + url.PathEscape(project) + "/datasources/" + url.PathEscape(datasource) + "/api/v1/query"
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL+path, strings.NewReader("query=up"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

// expectProxyStatus is a step check: the proxied query of each datasource answers want.
func expectProxyStatus(t *testing.T, s *testbed.Server, want int, datasources ...[2]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, ds := range datasources {
			if got := proxyQuery(t, s, ds[0], ds[1]); got != want {
				return fmt.Errorf("query through the proxy of datasource %q (project %q): status %d, want %d", ds[1], ds[0], got, want)
			}
		}
		return nil
	}
}
