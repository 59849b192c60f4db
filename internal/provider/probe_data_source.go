package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
	"github.com/perses/terraform-provider-perses/internal/plugins"
	"github.com/perses/terraform-provider-perses/internal/rules"
)

var (
	_ datasource.DataSourceWithConfigure      = (*probeDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*probeDataSource)(nil)
)

// NewDatasourceProbeDataSource returns the perses_datasource_probe data source.
func NewDatasourceProbeDataSource() datasource.DataSource { return &probeDataSource{} }

// probeDataSource sends one request through the Perses proxy of a datasource, for check blocks.
type probeDataSource struct{ data *providerData }

type probeModel struct {
	Name       types.String `tfsdk:"name"`
	Project    types.String `tfsdk:"project"`
	Path       types.String `tfsdk:"path"`
	Method     types.String `tfsdk:"method"`
	Body       types.String `tfsdk:"body"`
	OK         types.Bool   `tfsdk:"ok"`
	StatusCode types.Int64  `tfsdk:"status_code"`
	LatencyMS  types.Int64  `tfsdk:"latency_ms"`
	Diagnosis  types.String `tfsdk:"diagnosis"`
}

func (d *probeDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_datasource_probe"
}

func (d *probeDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Proves that a datasource works the way dashboards use it: sends one request through the Perses proxy of the datasource " +
			"(so from the Perses server to the backend, through `allowed_endpoints`, with the secret's credentials and TLS settings) and says what came back. " +
			"Made for `check` blocks: a failed probe is not an error, `ok` is false and `diagnosis` says what to fix. " +
			"Without `path`, it sends a cheap query of the datasource's kind: " + defaultProbeList() + ".",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{Required: true, MarkdownDescription: "Name of the datasource.",
				Validators: []validator.String{rules.Name(exampleDatasourceName)}},
			"project": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Project of the datasource; omit it for a global datasource.",
				Validators:          []validator.String{rules.Name(exampleProjectName)}},
			"path": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Backend path to request instead of the default probe, starting with `/`, with an optional query string sent as written, " +
					"e.g. `/api/v1/label/job/values` or `/?query=SELECT%201`. Required for a datasource kind without a typed attribute.",
				Validators: []validator.String{probePathValidator{}}},
			"method": schema.StringAttribute{Optional: true,
				MarkdownDescription: "HTTP method of the request to `path`, in uppercase. Defaults to `GET`.",
				Validators:          []validator.String{plugins.MethodValidator()}},
			"body": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Body of the request to `path`: sent as `application/json` when it is a JSON object or array, " +
					"as `application/x-www-form-urlencoded` otherwise (e.g. `query=up`)."},
			"ok": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether the backend answered with a 2xx status through the proxy."},
			"status_code": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "HTTP status that came back: the backend's, or the Perses proxy's own when it refused or failed " +
					"(403 for a request `allowed_endpoints` does not allow, 404 for a missing datasource or secret, 500 for an unreachable backend). " +
					"`0` when no request was sent (a datasource without proxy)."},
			"latency_ms": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "Time the proxied request took, in milliseconds."},
			"diagnosis": schema.StringAttribute{Computed: true,
				MarkdownDescription: "What happened and, when the probe failed, what to fix: the method and path `allowed_endpoints` does not allow; " +
					"a backend the Perses server cannot reach (the proxy URL is dialled by the Perses server, not by Terraform); " +
					"`tls_config` in the secret for a TLS failure; the secret's credentials when the backend refuses them; " +
					"a datasource missing from the scope (and whether one of that name exists in the other scope)."},
		},
	}
}

func defaultProbeList() string {
	var parts []string
	for _, k := range plugins.Kinds() {
		p := k.Probe
		entry := fmt.Sprintf("%s `%s %s`", k.Title, p.Method, p.Path)
		if p.Body != "" {
			entry += fmt.Sprintf(" with `%s`", p.Body)
		}
		parts = append(parts, entry)
	}
	return strings.Join(parts, ", ")
}

func (d *probeDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

// ValidateConfig: method and body describe the request to path; without path the default probe
// chooses its own.
func (d *probeDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m probeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !m.Path.IsNull() {
		return
	}
	for _, input := range []struct {
		attribute string
		value     types.String
	}{{"method", m.Method}, {"body", m.Body}} {
		attribute := input.attribute
		if input.value.IsNull() {
			continue
		}
		resp.Diagnostics.Append(diagnostics.AttributeError(path.Root(attribute), "Probe Request Without Path",
			fmt.Sprintf("%s is set but path is not: without path the probe sends the default request of the datasource's kind, with its own method and body.", attribute),
			fmt.Sprintf("Set path (the backend path this %s is for), or remove %s.", attribute, attribute)))
	}
}

func (d *probeDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	c, diags := d.data.requireSupportedClient(ctx)
	resp.Diagnostics.Append(diags...)
	var m probeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	result, diags := runProbe(ctx, c, probeRequest{
		project: m.Project.ValueString(), name: m.Name.ValueString(),
		path: m.Path.ValueString(), method: m.Method.ValueString(), body: m.Body.ValueString(),
		pathAttribute: path.Root("path"),
	})
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.OK = types.BoolValue(result.ok)
	m.StatusCode = types.Int64Value(int64(result.statusCode))
	m.LatencyMS = types.Int64Value(result.latency.Milliseconds())
	m.Diagnosis = types.StringValue(result.diagnosis)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

var _ validator.String = probePathValidator{}

// probePathValidator: the proxy appends the path to the datasource's route, so it must be
// absolute, and it is sent as written, so it must already be a valid URL path.
type probePathValidator struct{}

func (v probePathValidator) Description(context.Context) string {
	return "must start with / and contain no spaces or #"
}

func (v probePathValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v probePathValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	switch {
	case !strings.HasPrefix(value, "/"):
		resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Invalid Probe Path",
			fmt.Sprintf("path is %q: it must be the backend path, starting with /, which the proxy appends to the datasource's URL.", value),
			fmt.Sprintf("Write %q.", "/"+strings.TrimLeft(strings.TrimSpace(value), "/"))))
	case strings.ContainsAny(value, " \t\n#"):
		resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Invalid Probe Path",
			fmt.Sprintf("path is %q: it is sent as written, and a URL path cannot contain spaces or #.", value),
			fmt.Sprintf("Percent-encode them: write %q.", strings.NewReplacer(" ", "%20", "\t", "%09", "\n", "%0A", "#", "%23").Replace(value))))
	}
}
