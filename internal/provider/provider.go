// Package provider is the Terraform side of the Perses provider: its configuration, resources and
// data sources. It talks to Perses only through internal/client.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Address is the provider's registry address.
const Address = "registry.terraform.io/perses/perses"

var _ provider.Provider = (*persesProvider)(nil)
var _ provider.ProviderWithValidateConfig = (*persesProvider)(nil)
var _ provider.ProviderWithListResources = (*persesProvider)(nil)

type persesProvider struct {
	version string
	// getenv reads the PERSES_* environment variables; tests replace it.
	getenv func(string) string
	// configured, when set, sees the provider data of each Configure (tests count requests).
	configured func(*providerData)
}

// New returns a constructor of the provider, as providerserver.Serve and the tests expect.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return newProvider(version, nil)
	}
}

func newProvider(version string, getenv func(string) string) *persesProvider {
	if getenv == nil {
		getenv = lookupEnv
	}
	return &persesProvider{version: version, getenv: getenv}
}

func (p *persesProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "perses"
	resp.Version = p.version
}

func (p *persesProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewGlobalDatasourceResource,
		NewProjectDatasourceResource,
		NewProjectResource,
		NewGlobalSecretResource,
		NewProjectSecretResource,
		NewRoleResource,
		NewGlobalRoleResource,
		NewRoleBindingResource,
		NewGlobalRoleBindingResource,
		NewUserResource,
	}
}

// ListResources are the list resources of `terraform query` (list_resource.go), one per resource type.
func (p *persesProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewGlobalDatasourceListResource,
		NewProjectDatasourceListResource,
		NewProjectListResource,
		NewGlobalSecretListResource,
		NewProjectSecretListResource,
		NewRoleListResource,
		NewGlobalRoleListResource,
		NewRoleBindingListResource,
		NewGlobalRoleBindingListResource,
		NewUserListResource,
	}
}

func (p *persesProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewHealthDataSource,
		NewProjectsDataSource,
		NewProjectDataSource,
		NewGlobalDatasourceDataSource,
		NewProjectDatasourceDataSource,
		NewGlobalDatasourcesDataSource,
		NewProjectDatasourcesDataSource,
		NewDatasourceSpecDataSource,
		NewDatasourceProbeDataSource,
		NewRoleDataSource,
		NewGlobalRoleDataSource,
		NewRolesDataSource,
		NewGlobalRolesDataSource,
		NewUserDataSource,
		NewUsersDataSource,
	}
}
