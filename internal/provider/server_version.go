package provider

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// serverVersion is the Perses version the server reports, read once per provider process.
type serverVersion struct {
	read cached[string]
	// reported is set once the unsupported-version error has been given to one resource: the
	// plan fails with it, and the other resources stop their checks without repeating it.
	reported atomic.Bool
}

// supportedServer runs before the online plan checks of a resource that the apply writes. It is
// false when the server runs a Perses older than the supported range: the first caller of the
// process gets one error naming the version and the range, every caller stops its checks (on such
// a server they would fail with misleading errors, e.g. a 404 from GET /api/v1/plugins).
// When the version cannot be read the checks go on: the request that follows reports why the
// server cannot be reached, in its own words.
func (d *providerData) supportedServer(ctx context.Context, c *client.Client) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	version, unsupported := d.unsupportedVersion(ctx, c)
	if !unsupported {
		return true, diags
	}
	if d.version.reported.CompareAndSwap(false, true) {
		diags.Append(unsupportedVersionError(version))
	}
	return false, diags
}

// requireSupportedClient is requireClient for the data sources that read Perses objects: on a
// server older than the supported range each of them fails with the unsupported-version error
// (a data source cannot stop without a result, as a resource's plan check can).
func (d *providerData) requireSupportedClient(ctx context.Context) (*client.Client, diag.Diagnostics) {
	c, diags := d.requireClient()
	if diags.HasError() {
		return nil, diags
	}
	if version, unsupported := d.unsupportedVersion(ctx, c); unsupported {
		d.version.reported.Store(true)
		diags.Append(unsupportedVersionError(version))
		return nil, diags
	}
	return c, diags
}

// unsupportedVersion reads the server's version once per process and says whether it is older
// than the supported range. A version that cannot be read is not concluded to be unsupported.
func (d *providerData) unsupportedVersion(ctx context.Context, c *client.Client) (string, bool) {
	if d == nil || c == nil {
		return "", false
	}
	version, err := d.version.read.get(func() (string, error) { return c.ServerVersion(ctx) })
	if err != nil {
		return "", false
	}
	var unsupported *client.UnsupportedVersionError
	if !errors.As(client.CheckVersion(version), &unsupported) {
		return "", false
	}
	return unsupported.Version, true
}

func unsupportedVersionError(version string) diag.Diagnostic {
	return diagnostics.Error("Perses Version Not Supported",
		fmt.Sprintf("The Perses server at the provider url runs Perses %s (GET /api/v1/health). This provider supports Perses %s and later "+
			"(tested with every version from %s to %s): Perses 0.51 cannot proxy a request to a datasource's root path "+
			"(ClickHouse queries, the probe and verify fail), and older servers have no plugin modules, no GET /api/v1/plugins, and store secrets "+
			"without oauth or tls_config.min_version/max_version, so the plan-time checks and the applies would fail or drift.",
			version, client.MinPersesVersion, client.MinPersesVersion, client.TestedPersesVersion),
		fmt.Sprintf("Upgrade the Perses server to %s or later, or point url at a server that runs one.", client.MinPersesVersion), nil)
}
