package provider

import (
	"context"
	"errors"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/perses/spec/go/datasource"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/plugins"
)

var (
	_ resource.ResourceWithConfigure      = (*datasourceResource)(nil)
	_ resource.ResourceWithIdentity       = (*datasourceResource)(nil)
	_ resource.ResourceWithImportState    = (*datasourceResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*datasourceResource)(nil)
	_ resource.ResourceWithValidateConfig = (*datasourceResource)(nil)
)

// NewGlobalDatasourceResource returns perses_global_datasource.
func NewGlobalDatasourceResource() resource.Resource {
	return &datasourceResource{scopedResource{scope: globalScope}}
}

// NewProjectDatasourceResource returns perses_project_datasource.
func NewProjectDatasourceResource() resource.Resource {
	return &datasourceResource{scopedResource{scope: projectScope}}
}

// datasourceResource is both datasource resources: they differ only by scope.
type datasourceResource struct{ scopedResource }

// datasourceWrites is the write decision of the datasource resources (see writeRule): they send
// the spec; Perses bumps version and updated_at on every write; verify and force_destroy are the
// provider's own.
func (r *datasourceResource) writes() writeRule {
	return writeRule{
		scope:    r.scope,
		computed: []string{"version", "updated_at"},
		local:    terraformOnlyAttributes,
		wire: func(ctx context.Context, data wholeGetter) (any, bool, diag.Diagnostics) {
			var m datasourceResourceModel
			diags := getDatasource(ctx, data, &m)
			if diags.HasError() || !m.specKnown(ctx) {
				return nil, false, diags
			}
			spec, d := m.spec(ctx)
			diags.Append(d...)
			return spec, !d.HasError(), diags
		},
		equivalent: r.sameSecretSpelling,
	}
}

// sameSecretSpelling gives the planned spec the stored spelling of the proxy's secret when the two
// differ only in letter case and the server resolves both to one secret (a database that is not
// case-sensitive): Perses then uses the same credentials, and writing would change nothing.
func (r *datasourceResource) sameSecretSpelling(ctx context.Context, state attrGetter, planned, stored any) any {
	p, okP := planned.(datasource.Spec)
	s, okS := stored.(datasource.Spec)
	if !okP || !okS || r.data == nil || r.data.client == nil {
		return planned
	}
	plannedProxy, hasP := plugins.ProxyOf(p.Plugin.Spec)
	storedProxy, hasS := plugins.ProxyOf(s.Plugin.Spec)
	if !hasP || !hasS || plannedProxy.Secret == storedProxy.Secret || !strings.EqualFold(plannedProxy.Secret, storedProxy.Secret) {
		return planned
	}
	project, _, diags := r.scope.identityIn(ctx, state)
	if diags.HasError() {
		return planned
	}
	same, err := r.data.online.sameObject(ctx, r.data.client, r.scope.secrets(),
		identityAt(project, plannedProxy.Secret), identityAt(project, storedProxy.Secret))
	if err != nil || !same {
		return planned
	}
	return plugins.WithProxySecret(p, storedProxy.Secret)
}

func (r *datasourceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = datasourceResourceSchema(r.scope)
}

func (r *datasourceResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	defer r.data.track()()
	resp.Diagnostics.Append(validateKindChoice(ctx, req.Config)...)
}

func (r *datasourceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer r.data.track()()
	switch {
	case req.Plan.Raw.IsNull():
		r.recordLeaving(req.State)
		r.warnDashboardUses(ctx, req.State, "Destroying", &resp.Diagnostics)
		return
	case !req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw):
		// Nothing changes: no online check is needed, but the default checks of the other
		// datasources of this run still need to know it.
		r.recordUnchanged(req.Plan.Raw, &resp.Diagnostics)
		return
	}
	var plan datasourceResourceModel
	resp.Diagnostics.Append(getDatasource(ctx, resp.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("plugin_kind"), plan.plannedPluginKind())...)
	if !plan.Name.IsUnknown() && !plan.Project.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringValue(r.scope.id(plan.Project.ValueString(), plan.Name.ValueString())))...)
	}
	if !req.State.Raw.IsNull() {
		switch r.writes().planUpdate(ctx, r.data, req, resp) {
		case planFailed:
			return
		case planReplace:
			r.recordLeaving(req.State)
			r.warnDashboardUses(ctx, req.State, "Replacing", &resp.Diagnostics)
			r.warnDefaultReplacedWithChanges(ctx, req, resp)
			return
		case planNoWrite:
			r.recordUnchanged(resp.Plan.Raw, &resp.Diagnostics)
			return
		}
		r.recordKindChange(req.State.Raw, plan.plannedPluginKind())
	}
	r.checkPlan(ctx, &plan, req.State.Raw.IsNull(), resp)
}

func (r *datasourceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.data.track()()
	resp.Diagnostics.Append(r.write(ctx, "Create", req.Plan, &resp.State, resp.Identity)...)
}

func (r *datasourceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.data.track()()
	wrote := r.writes().applyUpdate(ctx, req, resp, func() diag.Diagnostics {
		return r.write(ctx, "Update", req.Plan, &resp.State, resp.Identity)
	})
	if wrote || resp.Diagnostics.HasError() {
		return
	}
	// Nothing for Perses (the plan decided so, or values unknown then turned out unchanged):
	// verify still runs if asked.
	c, d := r.data.requireClient()
	resp.Diagnostics.Append(d...)
	if !d.HasError() {
		resp.Diagnostics.Append(r.verifyIfAsked(ctx, c, "updated", req.Plan)...)
	}
}

// write creates or updates the planned datasource and stores what Perses answered. On failure
// the state is left as it was (Terraform keeps the prior state), which matches the server: a
// refused write changes nothing there.
func (r *datasourceResource) write(ctx context.Context, op string, planned tfsdk.Plan, state *tfsdk.State, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
	c, diags := r.data.requireClient()
	var plan datasourceResourceModel
	diags.Append(getDatasource(ctx, planned, &plan)...)
	if diags.HasError() {
		return diags
	}
	ds, d := plan.datasource(ctx, r.scope)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	send := c.UpdateDatasource
	if op == "Create" {
		send = c.CreateDatasource
	}
	stored, err := r.writeMovingDefault(ctx, c, ds, op == "Create", send)
	// Even a failed write may have changed the scope (moving the default updates another
	// datasource first): later reads of this process must not be served from before it.
	r.data.online.forgetDatasourceScope(ds.Metadata.Project, ds.Spec.Plugin.Kind)
	if err != nil {
		diags.Append(r.apiError(op, plan.datasourceModel, err))
		return diags
	}
	diags.Append(plan.readFrom(stored, r.scope)...)
	diags.Append(setDatasource(ctx, state, state.Schema.Type(), &plan, r.scope)...)
	diags.Append(r.scope.setIdentity(ctx, identity, stored.Metadata.Project, stored.Metadata.Name)...)
	diags.Append(r.afterWrite(ctx, c, op, planned, state)...)
	return diags
}

// Read refreshes the state from the server: from one list of the datasource's scope per provider
// process (see readDatasource), and without rewriting a state the server has not changed since
// it was recorded (see recordedFrom), so that a refresh of N unchanged datasources costs one
// request and little CPU.
func (r *datasourceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.data.track()()
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	marks, d := getStoredMarks(req.State)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	project, name := marks.Project.ValueString(), marks.Name.ValueString()
	ds, err := r.data.online.readDatasource(ctx, c, project, name)
	if errors.Is(err, client.ErrNotFound) {
		r.scope.removeGone(ctx, resp, project, name)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(scopedAPIError(r.scope, "Read", project, name, err))
		return
	}
	resp.Diagnostics.Append(r.scope.setIdentity(ctx, resp.Identity, ds.Metadata.Project, ds.Metadata.Name)...)
	if marks.recordedFrom(ds) {
		return // resp.State starts as the prior state, which is what the server holds
	}
	var state datasourceResourceModel
	resp.Diagnostics.Append(getDatasource(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(state.readFrom(ds, r.scope)...)
	resp.Diagnostics.Append(setDatasource(ctx, &resp.State, resp.State.Schema.Type(), &state, r.scope)...)
}

func (r *datasourceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	defer r.data.track()()
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	var state datasourceResourceModel
	resp.Diagnostics.Append(getDatasource(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.checkDashboardsBeforeDelete(ctx, c, req.State)...)
	if resp.Diagnostics.HasError() {
		return
	}
	project := r.scope.projectOf(state.Project.ValueString())
	err := c.DeleteDatasource(ctx, project, state.Name.ValueString())
	r.data.online.forgetDatasourceScope(project, state.PluginKind.ValueString())
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.Append(r.apiError("Delete", state.datasourceModel, err))
	}
}

// ImportState takes the identity from the ID (see importByID); Read fills in the rest. The
// options start as false, their default, so that the imported state equals the one a create
// of the same configuration writes.
func (r *datasourceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	defer r.data.track()()
	if importByID(ctx, r.scope, req, resp) {
		for _, name := range terraformOnlyAttributes {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), false)...)
		}
	}
}
