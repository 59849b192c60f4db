package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
	"github.com/perses/terraform-provider-perses/internal/plugins"
)

// afterWrite completes a create or update whose result is already in the state: it records the
// options, then runs the probe when verify = true. A failed probe is an error added after the
// state is set, so that the state keeps what Perses now holds (the server is the truth).
func (r *datasourceResource) afterWrite(ctx context.Context, c *client.Client, op string, planned tfsdk.Plan, state *tfsdk.State) diag.Diagnostics {
	diags := copyOptions(ctx, planned, state)
	if diags.HasError() {
		return diags
	}
	done := "updated"
	if op == "Create" {
		done = "created"
	}
	diags.Append(r.verifyIfAsked(ctx, c, done, planned)...)
	return diags
}

// verifyIfAsked probes the planned datasource when verify = true; done says what the apply did
// to it ("created", "updated").
func (r *datasourceResource) verifyIfAsked(ctx context.Context, c *client.Client, done string, planned attrGetter) diag.Diagnostics {
	verify, diags := optionValue(ctx, planned, verifyAttribute)
	if diags.HasError() || !verify {
		return diags
	}
	project, name, d := r.scope.identityIn(ctx, planned)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	result, d := runProbe(ctx, c, probeRequest{project: project, name: name, pathAttribute: path.Root(verifyAttribute)})
	diags.Append(d...)
	if d.HasError() || result.ok {
		return diags
	}
	next := "Fix the cause and apply again; or set verify = false to apply without the probe."
	if done == "created" {
		next = "Fix the cause and apply again: Terraform marks the datasource tainted, so that apply replaces it and probes again. " +
			"Or set verify = false to keep it without the probe."
	}
	diags.Append(diagnostics.AttributeError(path.Root(verifyAttribute), "Datasource Verification Failed",
		fmt.Sprintf("verify = true: %s was %s in Perses, but the probe through the Perses proxy failed. %s",
			r.scope.describe(project, name), done, result.diagnosis), next))
	return diags
}

var _ validator.Bool = verifyNeedsProxyValidator{}

// verifyNeedsProxyValidator refuses verify = true where no default probe can run: a datasource
// without a proxy (direct_url: the Perses server never queries it) or of a kind without a typed
// attribute (the provider knows no request its backend answers).
type verifyNeedsProxyValidator struct{}

func (v verifyNeedsProxyValidator) Description(context.Context) string {
	return "verify = true needs a typed kind attribute with a proxy"
}

func (v verifyNeedsProxyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v verifyNeedsProxyValidator) ValidateBool(ctx context.Context, req validator.BoolRequest, resp *validator.BoolResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || !req.ConfigValue.ValueBool() {
		return
	}
	var raw types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(pluginAttribute), &raw)...)
	if !raw.IsNull() && !raw.IsUnknown() {
		resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Cannot Verify This Datasource Kind",
			"verify = true sends the default probe request of the datasource's kind, and the provider knows none for a kind given with the plugin attribute.",
			`Remove verify (or write verify = false), and check the datasource with a perses_datasource_probe data source in a check block, giving path (e.g. path = "/api/health").`))
		return
	}
	for _, k := range plugins.Kinds() {
		var kind types.Object
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(k.Attribute), &kind)...)
		if kind.IsNull() || kind.IsUnknown() {
			continue
		}
		proxy, ok := kind.Attributes()["proxy"]
		if ok && proxy.IsNull() {
			resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Cannot Verify a Datasource Without Proxy",
				fmt.Sprintf("verify = true probes the datasource through the Perses proxy, and %s has no proxy: with direct_url, browsers query the backend and the Perses server never does.", k.Attribute),
				fmt.Sprintf("Remove verify (or write verify = false), or replace %s.direct_url with %s.proxy.", k.Attribute, k.Attribute)))
		}
	}
}
