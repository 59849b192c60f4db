package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/testbed"
)

func TestAccHealthDataSourceReadsServer(t *testing.T) {
	s := accServerAuthOff(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(s) + `data "perses_health" "server" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.perses_health.server", tfjsonpath.New("database"), knownvalue.Bool(true)),
				// The run's Perses (PERSES_ACC_VERSION in make testacc-versions), as the version check reads it.
				statecheck.ExpectKnownValue("data.perses_health.server", tfjsonpath.New("version"),
					knownvalue.StringExact(strings.TrimPrefix(s.Options.Version, "v"))),
			},
		}},
	})
}

func TestAccProviderAPIPrefixInURL(t *testing.T) {
	s := accServerAuthOff(t)
	// A URL with a path the server does not serve must reach <url>/api/v1/health and fail there,
	// which proves the path is kept as the API prefix rather than dropped.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config:      requiredProviders + `provider "perses" { url = "` + s.URL + `/no-such-prefix" }` + "\n" + `data "perses_health" "server" {}`,
			ExpectError: regexp.MustCompile(`(?s)Cannot Read Perses Health.*404`),
		}},
	})
}

// createProject makes a project through the API as the admin, for tests that read it back.
func createProject(t *testing.T, s *testbed.Server, name string) {
	t.Helper()
	cfg := client.Config{URL: s.URL}
	if s.Options.Auth {
		cfg.Username, cfg.Password = s.AdminUsername, s.AdminPassword
	}
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := &v1.Project{Kind: v1.KindProject, Metadata: v1.Metadata{Name: name}}
	if _, err := c.CreateProject(context.Background(), p); err != nil {
		t.Fatalf("creating project %s: %v", name, err)
	}
	t.Cleanup(func() { _ = c.DeleteProject(context.Background(), name) })
}

func projectsConfig(prefix string) string {
	return `data "perses_projects" "mine" { name_prefix = "` + prefix + `" }`
}

func expectOneProject(name string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.perses_projects.mine", tfjsonpath.New("projects"), knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(name)}),
		})),
	}
}

func TestAccProviderNativeLogin(t *testing.T) {
	s := accServer(t, testbed.ServerOptions{Auth: true})
	name := accName("login")
	createProject(t, s, name)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{
				Config:            providerConfig(s, `username = "`+s.AdminUsername+`"`, `password = "`+s.AdminPassword+`"`) + projectsConfig(name),
				ConfigStateChecks: expectOneProject(name),
			},
			{
				Config:      providerConfig(s, `username = "`+s.AdminUsername+`"`, `password = "not-the-password"`) + projectsConfig(name),
				ExpectError: regexp.MustCompile(`(?s)Cannot List Perses Projects.*wrong login or password`),
			},
		},
	})
}

func TestAccProviderBearerToken(t *testing.T) {
	s := accServer(t, testbed.ServerOptions{Auth: true})
	name := accName("token")
	createProject(t, s, name)
	token, err := s.Login(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{
				Config:            providerConfig(s, `token = "`+token+`"`) + projectsConfig(name),
				ConfigStateChecks: expectOneProject(name),
			},
			{
				// Without credentials the server refuses the list.
				Config:      providerConfig(s) + projectsConfig(name),
				ExpectError: regexp.MustCompile(`(?s)Cannot List Perses Projects.*401`),
			},
		},
	})
}

func TestAccProviderConfiguredFromEnvironmentOnly(t *testing.T) {
	s := accServer(t, testbed.ServerOptions{Auth: true})
	name := accName("env")
	createProject(t, s, name)
	t.Setenv(envURL, s.URL)
	t.Setenv(envUsername, s.AdminUsername)
	t.Setenv(envPassword, s.AdminPassword)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config:            requiredProviders + `provider "perses" {}` + "\n" + projectsConfig(name),
			ConfigStateChecks: expectOneProject(name),
		}},
	})
}

func TestAccProviderRejectsTwoAuthModesAtPlan(t *testing.T) {
	s := accServerAuthOff(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config:      providerConfig(s, `token = "abc"`, `username = "admin"`, `password = "pw"`) + `data "perses_health" "server" {}`,
			ExpectError: regexp.MustCompile(`(?s)Conflicting Authentication Settings.*token\s+\(from\s+token\s+in\s+the\s+provider\s+block\)\s+and\s+username\s+\+\s+password`),
		}},
	})
}

func TestAccProviderUnknownURLIsResolvedAtApply(t *testing.T) {
	s := accServerAuthOff(t)
	// The URL comes from a resource attribute that is unknown until apply: plan must not fail,
	// and the provider is configured with the real value when it is known.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{{
			Config: requiredProviders + `
resource "terraform_data" "url" { input = "` + s.URL + `" }
provider "perses" { url = terraform_data.url.output }
data "perses_health" "server" { depends_on = [terraform_data.url] }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.perses_health.server", tfjsonpath.New("database"), knownvalue.Bool(true)),
			},
		}},
	})
}
