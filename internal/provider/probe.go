package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
	"github.com/perses/terraform-provider-perses/internal/plugins"
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
	s := globalScope
	if req.project != "" {
		s = projectScope
	}
	ds, err := c.GetDatasource(ctx, req.project, req.name)
	if errors.Is(err, client.ErrNotFound) {
		return probeResult{statusCode: http.StatusNotFound, diagnosis: diagnoseNotFound(s, req.project, req.name, sameNameElsewhere(ctx, c, req.project, req.name))}, diags
	}
	if err != nil {
		diags.Append(probeError(s, req.project, req.name, "Reading the datasource failed.", err))
		return probeResult{}, diags
	}
	target := probeTargetOf(s, ds)
	if target.proxy == nil {
		return probeResult{diagnosis: diagnoseNoProxy(target)}, diags
	}
	sent, body, contentType, d := probeRequestFor(ds, req, target)
	diags.Append(d...)
	if diags.HasError() {
		return probeResult{}, diags
	}
	res, err := c.Proxy(ctx, client.ProxyRequest{Project: req.project, Datasource: req.name, Method: sent.method, Path: sent.path,
		Body: body, ContentType: contentType})
	if err != nil {
		diags.Append(probeError(s, req.project, req.name, fmt.Sprintf("Sending %s through the Perses proxy failed before any answer came back.", sent), err))
		return probeResult{}, diags
	}
	if res.Outcome == client.ProxyDatasourceNotFound {
		// Deleted since the read above.
		return probeResult{statusCode: res.StatusCode, latency: res.Latency,
			diagnosis: diagnoseNotFound(s, req.project, req.name, sameNameElsewhere(ctx, c, req.project, req.name))}, diags
	}
	ok, diagnosis := diagnose(target, sent, res)
	return probeResult{ok: ok, statusCode: res.StatusCode, latency: res.Latency, diagnosis: diagnosis}, diags
}

func probeError(s scope, project, name, problem string, err error) diag.Diagnostic {
	return diagnostics.Error("Cannot Probe Datasource", fmt.Sprintf("Probing %s: %s", s.describe(project, name), problem),
		"Check the provider url and credentials (the provider's user needs the read permission on the datasource), then try again.", err)
}

// probeRequestFor builds the request: the caller's path, method and body, or the default probe
// of the datasource's kind.
func probeRequestFor(ds *v1.Datasource, req probeRequest, target probeTarget) (probeSent, []byte, string, diag.Diagnostics) {
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
			contentType = plugins.FormContentType
			if trimmed := strings.TrimSpace(req.body); (strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[")) && json.Valid(body) {
				contentType = plugins.JSONContentType
			}
		}
		return probeSent{method: method, path: req.path}, body, contentType, diags
	}
	kind := plugins.ByPluginKind(ds.Spec.Plugin.Kind)
	if kind == nil {
		diags.Append(diagnostics.AttributeError(req.pathAttribute, "No Default Probe for This Datasource Kind",
			fmt.Sprintf("%s is a %s, a kind for which the provider knows no default probe request.", target.what(), ds.Spec.Plugin.Kind),
			`Set path (and method, GET by default, and body) to a cheap request its backend answers with 200, e.g. path = "/api/health".`))
		return probeSent{}, nil, "", diags
	}
	p := kind.Probe
	var body []byte
	if p.Body != "" {
		body = []byte(p.Body)
	}
	return probeSent{method: p.Method, path: p.Path}, body, p.ContentType, diags
}

// probeTargetOf reads what the diagnoses quote from the stored datasource.
func probeTargetOf(s scope, ds *v1.Datasource) probeTarget {
	t := probeTarget{scope: s, project: ds.Metadata.Project, name: ds.Metadata.Name, kindAttribute: pluginAttribute}
	if k := plugins.ByPluginKind(ds.Spec.Plugin.Kind); k != nil {
		t.kindAttribute = k.Attribute
	}
	pluginSpec, _ := ds.Spec.Plugin.Spec.(map[string]any)
	proxy, _ := pluginSpec["proxy"].(map[string]any)
	spec, ok := proxy["spec"].(map[string]any)
	if !ok {
		return t
	}
	p := &storedProxy{}
	p.url, _ = spec["url"].(string)
	p.secret, _ = spec["secret"].(string)
	entries, _ := spec["allowedEndpoints"].([]any)
	for _, e := range entries {
		entry, _ := e.(map[string]any)
		pattern, _ := entry["endpointPattern"].(string)
		method, _ := entry["method"].(string)
		p.endpoints = append(p.endpoints, storedEndpoint{pattern: pattern, method: method})
	}
	t.proxy = p
	return t
}

// sameNameElsewhere names where a datasource of that name exists in the other scope: "" (the
// global scope) for a project datasource, the projects for a global one. It is a hint: a failed
// read yields nothing.
func sameNameElsewhere(ctx context.Context, c *client.Client, project, name string) []string {
	if project != "" {
		if _, err := c.GetDatasource(ctx, "", name); err == nil {
			return []string{""}
		}
		return nil
	}
	list, err := c.ListDatasourcesOfAllProjects(ctx, client.DatasourceFilter{NamePrefix: name})
	if err != nil {
		return nil
	}
	var projects []string
	for _, ds := range list {
		if strings.EqualFold(ds.Metadata.Name, name) && !containsString(projects, ds.Metadata.Project) {
			projects = append(projects, ds.Metadata.Project)
		}
	}
	sort.Strings(projects)
	return projects
}
