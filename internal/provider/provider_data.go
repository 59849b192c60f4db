package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// providerData is what Configure hands to every resource and data source.
type providerData struct {
	// client is nil while the provider configuration is not known (it depends on another resource).
	client *client.Client
	// online caches the server reads of the plan-time checks for this process.
	online *onlineCache
	// planned records what the resources of this run plan (see planRegistry).
	planned *planRegistry
	// references shares the lists of the plan-time warnings about dashboards using a datasource.
	references *referenceCache
	// version is the server's Perses version, read once (see supportedServer).
	version *serverVersion
}

func newProviderData(c *client.Client) *providerData {
	return &providerData{client: c, online: newOnlineCache(), planned: newPlanRegistry(), references: newReferenceCache(), version: &serverVersion{}}
}

// configuredData extracts the provider data in a resource's or data source's Configure. It returns
// nil, without error, before the provider is configured (Terraform calls Configure early too).
func configuredData(raw any) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	if raw == nil {
		return nil, diags
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.Append(diagnostics.Error("Unexpected Provider Data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider.", raw),
			"Please report it to the provider's maintainers.", nil))
		return nil, diags
	}
	return data, diags
}

// requireClient returns the client, or an error saying why there is none.
func (d *providerData) requireClient() (*client.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	if d == nil || d.client == nil {
		diags.Append(diagnostics.Error("Perses Provider Not Configured",
			"The provider has no Perses server to talk to yet: its configuration depends on values that are only known after apply.",
			"Apply the resources the provider configuration depends on first (terraform apply -target=...), or give url and credentials as known values.", nil))
		return nil, diags
	}
	return d.client, diags
}

// tflogLogger sends the client's request logs to Terraform's log (TF_LOG). The client masks
// credentials before logging; the masks here are a second line of defence.
type tflogLogger struct{}

var maskedLogKeys = []string{"password", "token", "access_token", "refresh_token", "client_secret", "Authorization", "authorization"}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(tflog.MaskFieldValuesWithFieldKeys(ctx, maskedLogKeys...), msg, fields)
}

func (tflogLogger) Trace(ctx context.Context, msg string, fields map[string]any) {
	tflog.Trace(tflog.MaskFieldValuesWithFieldKeys(ctx, maskedLogKeys...), msg, fields)
}

// track counts a call of a resource as in flight for the plan registry's waits (see
// planRegistry): `defer r.data.track()()` at the start of each resource method.
func (d *providerData) track() func() {
	if d == nil {
		return func() {}
	}
	return d.planned.track()
}
