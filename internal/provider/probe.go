package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
	"github.com/perses/terraform-provider-perses/internal/plugins"
	"github.com/perses/terraform-provider-perses/internal/probe"
)

// A probe proves that a datasource works the way dashboards use it: one request through the
// Perses proxy of its scope, so it goes from the Perses server (not from Terraform) to the
// backend, through allowed_endpoints and with the secret's credentials and TLS settings. It is
// shared by perses_datasource_probe and verify = true on the datasource resources.

// probeRequest says which datasource to probe and how.
type probeRequest struct {
	project, name string // project "" for a global datasource
	// path, method and body of the request; path "" runs the default probe of the datasource's
	// kind (method and body are then ignored).
	path, method, body string
	// pathAttribute is blamed when the datasource's kind has no default probe.
	pathAttribute path.Path
}

// probeResult is what the probe found. A failed probe is a result, not an error: errors are for
// what stops the probe itself (Perses unreachable, the provider's credentials, bad input).
type probeResult struct {
	ok         bool
	statusCode int           // 0 when no request went through the proxy
	latency    time.Duration // of the proxied request
	diagnosis  string
}

func runProbe(ctx context.Context, c *client.Client, req probeRequest) (probeResult, diag.Diagnostics) {
	var diags diag.Diagnostics
	s := datasourceScopeOf(req.project)
	notFound := func() string {
		return probe.NotFound(s.describe(req.project, req.name), req.project, req.name, probe.SameNameElsewhere(ctx, c, req.project, req.name))
	}
	ds, err := c.GetDatasource(ctx, req.project, req.name)
	if errors.Is(err, client.ErrNotFound) {
		return probeResult{statusCode: http.StatusNotFound, diagnosis: notFound()}, diags
	}
	if err != nil {
		diags.Append(probeError(s, req.project, req.name, "Reading the datasource failed.", err))
		return probeResult{}, diags
	}
	target := probeTargetOf(s, ds)
	if target.Proxy == nil {
		return probeResult{diagnosis: probe.NoProxy(target)}, diags
	}
	sent, body, contentType, d := probeRequestFor(ds, req, target)
	diags.Append(d...)
	if diags.HasError() {
		return probeResult{}, diags
	}
	res, err := c.Proxy(ctx, client.ProxyRequest{Project: req.project, Datasource: req.name, Method: sent.Method, Path: sent.Path,
		Body: body, ContentType: contentType})
	if err != nil {
		diags.Append(probeError(s, req.project, req.name, fmt.Sprintf("Sending %s through the Perses proxy failed before any answer came back.", sent), err))
		return probeResult{}, diags
	}
	if res.Outcome == client.ProxyDatasourceNotFound {
		// Deleted since the read above.
		return probeResult{statusCode: res.StatusCode, latency: res.Latency, diagnosis: notFound()}, diags
	}
	ok, diagnosis := probe.Diagnose(target, sent, res)
	return probeResult{ok: ok, statusCode: res.StatusCode, latency: res.Latency, diagnosis: diagnosis}, diags
}

func probeError(s scope, project, name, problem string, err error) diag.Diagnostic {
	return diagnostics.Error("Cannot Probe Datasource", fmt.Sprintf("Probing %s: %s", s.describe(project, name), problem),
		"Check the provider url and credentials (the provider's user needs the read permission on the datasource), then try again.", err)
}

// probeRequestFor builds the request: the caller's path, method and body, or the default probe
// of the datasource's kind.
func probeRequestFor(ds *v1.Datasource, req probeRequest, target probe.Target) (probe.Request, []byte, string, diag.Diagnostics) {
	var diags diag.Diagnostics
	if req.path != "" {
		method := req.method
		if method == "" {
			method = http.MethodGet
		}
		var body []byte
		contentType := ""
		if req.body != "" {
			body = []byte(req.body)
			contentType = probe.BodyContentType(req.body)
		}
		return probe.Request{Method: method, Path: req.path}, body, contentType, diags
	}
	kind := plugins.ByPluginKind(ds.Spec.Plugin.Kind)
	if kind == nil {
		diags.Append(diagnostics.AttributeError(req.pathAttribute, "No Default Probe for This Datasource Kind",
			fmt.Sprintf("%s is a %s, a kind for which the provider knows no default probe request.", target.What, ds.Spec.Plugin.Kind),
			`Set path (and method, GET by default, and body) to a cheap request its backend answers with 200, e.g. path = "/api/health".`))
		return probe.Request{}, nil, "", diags
	}
	p := kind.Probe
	var body []byte
	if p.Body != "" {
		body = []byte(p.Body)
	}
	return probe.Request{Method: p.Method, Path: p.Path}, body, p.ContentType, diags
}

// probeTargetOf names the stored datasource, its configuration and its secrets the way the
// diagnoses quote them.
func probeTargetOf(s scope, ds *v1.Datasource) probe.Target {
	secrets := s.secrets()
	t := probe.Target{
		What:              s.describe(ds.Metadata.Project, ds.Metadata.Name),
		Project:           ds.Metadata.Project,
		SpecJSONAttribute: pluginAttribute + ".spec_json",
		SecretResource:    secrets.typeName(),
	}
	if k := plugins.ByPluginKind(ds.Spec.Plugin.Kind); k != nil {
		t.KindAttribute = k.Attribute
	}
	if proxy, ok := plugins.ProxyOf(ds.Spec.Plugin.Spec); ok {
		t.Proxy = &proxy
	}
	return t
}
