package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccDatasourceDataSources reads real objects through the data sources: one datasource by
// name, lists filtered by the server, and perses_datasource_spec, whose JSON must be exactly
// what the server stores for a resource written with the same attributes.
func TestAccDatasourceDataSources(t *testing.T) {
	s := accServerAuthOff(t)
	c := accClient(t, s)
	prefix := accName("ds")
	prom, tempo := prefix+"-prom", prefix+"-tempo"
	kindBody := `{
    proxy = {
      url     = "http://prometheus.monitoring.svc:9090"
      headers = { "X-Scope-OrgID" = "platform" }
    }
    scrape_interval = "15s"
  }`
	config := providerConfig(s) + fmt.Sprintf(`
resource "perses_global_datasource" "prom" {
  name         = %[1]q
  display_name = "Prometheus"
  prometheus   = %[3]s
}
resource "perses_global_datasource" "tempo" {
  name  = %[2]q
  tempo = { direct_url = "https://tempo.example.com" }
}
data "perses_global_datasource" "prom" {
  name = perses_global_datasource.prom.name
}
data "perses_global_datasources" "prometheus_only" {
  name_prefix = %[4]q
  kind        = "PrometheusDatasource"
  depends_on  = [perses_global_datasource.prom, perses_global_datasource.tempo]
}
data "perses_global_datasources" "all" {
  name_prefix = %[4]q
  depends_on  = [perses_global_datasource.prom, perses_global_datasource.tempo]
}
data "perses_datasource_spec" "prom" {
  display_name = "Prometheus"
  prometheus   = %[3]s
}
`, prom, tempo, kindBody, prefix)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs("perses_global_datasource.prom", tfjsonpath.New("prometheus"),
					"data.perses_global_datasource.prom", tfjsonpath.New("prometheus"), compare.ValuesSame()),
				statecheck.CompareValuePairs("perses_global_datasource.prom", tfjsonpath.New("version"),
					"data.perses_global_datasource.prom", tfjsonpath.New("version"), compare.ValuesSame()),
				statecheck.ExpectKnownValue("data.perses_global_datasource.prom", tfjsonpath.New("display_name"), knownvalue.StringExact("Prometheus")),
				statecheck.ExpectKnownValue("data.perses_global_datasources.prometheus_only", tfjsonpath.New("datasources"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"name": knownvalue.StringExact(prom), "plugin_kind": knownvalue.StringExact("PrometheusDatasource"),
						"default": knownvalue.Bool(false), "display_name": knownvalue.StringExact("Prometheus"),
					}),
				})),
				statecheck.ExpectKnownValue("data.perses_global_datasources.all", tfjsonpath.New("datasources"), knownvalue.ListSizeExact(2)),
			},
			Check: func(st *terraform.State) error {
				ds, err := c.GetDatasource(context.Background(), "", prom)
				if err != nil {
					return err
				}
				stored, err := json.Marshal(ds.Spec)
				if err != nil {
					return err
				}
				rendered := st.RootModule().Resources["data.perses_datasource_spec.prom"].Primary.Attributes["json"]
				var a, b any
				if err := json.Unmarshal(stored, &a); err != nil {
					return err
				}
				if err := json.Unmarshal([]byte(rendered), &b); err != nil {
					return fmt.Errorf("perses_datasource_spec.json is not JSON: %w", err)
				}
				if !reflect.DeepEqual(a, b) {
					return fmt.Errorf("perses_datasource_spec renders\n%s\nbut the server stores\n%s", rendered, stored)
				}
				return nil
			},
		}},
	})
}
