package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// TestAccUserListResource: the perses_user list finds the native users Terraform made, filtered
// by the server, with their identities, display names and (include_resource) the resource as an
// import stores it, without a password; a user of an OAuth provider is left out. A CLI without
// terraform query refuses the command.
func TestAccUserListResource(t *testing.T) {
	s := oauthUsersServer(t)
	prefix := accName("list")
	oauth := v1.User{Kind: v1.KindUser, Metadata: v1.Metadata{Name: prefix + "-oauth"}, Spec: v1.UserSpec{
		OauthProviders: []v1.OAuthProvider{{Issuer: "https://issuer.example.com", Subject: prefix}}}}
	storeOAuthUser(t, s, oauth)
	config := adminConfig(s) + fmt.Sprintf(`resource "perses_user" "a" {
  name       = "%[1]s-a"
  first_name = "Ada"
  last_name  = "Lovelace"
  password   = "list-test-password"
}
resource "perses_user" "b" {
  name     = "%[1]s-b"
  password = "list-test-password"
}
`, prefix)
	query := listBlock(usersScope, "all", false, fmt.Sprintf("name_prefix = %q", prefix)) +
		listBlock(usersScope, "a", true, fmt.Sprintf("name_prefix = %q", prefix+"-a"))
	if !cliSupports(t, featureListResources) {
		resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: accProviders, Steps: []resource.TestStep{{Config: config}}})
		assertQueryRefused(t, adminConfig(s), query)
		return
	}
	id := func(name string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"name": knownvalue.StringExact(name)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: accProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Query: true, Config: query,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("perses_user.all", 2),
					querycheck.ExpectIdentity("perses_user.all", id(prefix+"-a")),
					querycheck.ExpectIdentity("perses_user.all", id(prefix+"-b")),
					querycheck.ExpectLength("perses_user.a", 1),
					querycheck.ExpectResourceDisplayName("perses_user.a", nil, knownvalue.StringExact(prefix+"-a: Ada Lovelace")),
					querycheck.ExpectResourceKnownValues("perses_user.a", nil, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(prefix + "-a")},
						{Path: tfjsonpath.New("first_name"), KnownValue: knownvalue.StringExact("Ada")},
						{Path: tfjsonpath.New("last_name"), KnownValue: knownvalue.StringExact("Lovelace")},
						{Path: tfjsonpath.New("password"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("password_wo_version"), KnownValue: knownvalue.Null()},
					}),
				},
			},
		},
	})
}
