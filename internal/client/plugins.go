package client

import (
	"context"
	"net/http"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// ListPlugins lists the plugin modules the server knows, loaded or not (Status says which, and
// why not). It needs no authentication.
func (c *Client) ListPlugins(ctx context.Context) ([]v1.PluginModule, error) {
	var out []v1.PluginModule
	if err := c.do(ctx, &request{method: http.MethodGet, path: apiPath("plugins"), out: &out, resend: true}); err != nil {
		return nil, err
	}
	return out, nil
}

// LoadedDatasourceKinds returns the datasource plugin kinds of the loaded modules.
func LoadedDatasourceKinds(modules []v1.PluginModule) []string {
	var kinds []string
	for _, m := range modules {
		if m.Status != nil && !m.Status.IsLoaded {
			continue
		}
		for _, p := range m.Spec.Plugins {
			if p.Kind == "Datasource" {
				kinds = append(kinds, p.Spec.Name)
			}
		}
	}
	return kinds
}
