package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

var (
	_ resource.ResourceWithConfigure      = (*datasourceResource)(nil)
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

func (r *datasourceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = datasourceResourceSchema(r.scope)
}

func (r *datasourceResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	resp.Diagnostics.Append(validateKindChoice(ctx, req.Config)...)
}

func (r *datasourceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		r.recordDestroy(ctx, req.State)
		r.warnDashboardUses(ctx, req.State, "Destroying", &resp.Diagnostics)
		return
	}
	if !req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw) {
		// Nothing changes: the computed values are the state's and no online check is needed
		// (see checkPlan); the default checks of the other datasources still need to know it.
		r.planUnchanged(req.Plan.Raw, &resp.Diagnostics)
		return
	}
	plan, diags := getDatasourceModel(ctx, req.Plan, r.scope, true)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("plugin_kind"), plan.plannedPluginKind(ctx))...)
	if !plan.Name.IsUnknown() && !plan.Project.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringValue(r.scope.id(plan.Project.ValueString(), plan.Name.ValueString())))...)
	}
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(keepComputedWhenUnchanged(ctx, req.State, &resp.Plan)...)
		r.planOptionsAndReplacement(ctx, req, resp)
	}
	r.checkPlan(ctx, req, &plan, resp)
}

func (r *datasourceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(r.write(ctx, "Create", req.Plan, &resp.State)...)
}

func (r *datasourceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if r.updateOptionsOnly(ctx, req, resp) {
		return
	}
	resp.Diagnostics.Append(r.write(ctx, "Update", req.Plan, &resp.State)...)
}

// write creates or updates the planned datasource and stores what Perses answered. On failure
// the state is left as it was (Terraform keeps the prior state), which matches the server: a
// refused write changes nothing there.
func (r *datasourceResource) write(ctx context.Context, op string, planned tfsdk.Plan, state *tfsdk.State) diag.Diagnostics {
	c, diags := r.data.requireClient()
	plan, d := getDatasourceModel(ctx, planned, r.scope, true)
	diags.Append(d...)
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
	stored, err := r.writeMovingDefault(ctx, c, ds, send)
	// Even a failed write may have changed the scope (moving the default updates another
	// datasource first): later reads of this process must not be served from before it.
	r.data.online.forgetDatasourceScope(ds.Metadata.Project, ds.Spec.Plugin.Kind)
	if err != nil {
		diags.Append(r.apiError(op, plan, err))
		return diags
	}
	diags.Append(plan.readFrom(stored, r.scope)...)
	diags.Append(plan.set(ctx, state, r.scope)...)
	diags.Append(r.afterWrite(ctx, c, op, planned, state)...)
	return diags
}

// Read refreshes the state from the server: from one list of the datasource's scope per provider
// process (see readDatasource), and without rewriting a state the server has not changed since
// it was recorded (see recordedFrom), so that a refresh of N unchanged datasources costs one
// request and little CPU.
func (r *datasourceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
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
		// Deleted outside Terraform (or its project was): plan to create it again.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(scopedAPIError(r.scope, "Read", project, name, err))
		return
	}
	if marks.recordedFrom(ds) {
		return // resp.State starts as the prior state, which is what the server holds
	}
	state, d := getDatasourceModel(ctx, req.State, r.scope, true)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(state.readFrom(ds, r.scope)...)
	resp.Diagnostics.Append(state.set(ctx, &resp.State, r.scope)...)
}

func (r *datasourceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	state, d := getDatasourceModel(ctx, req.State, r.scope, true)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.checkDashboardsBeforeDelete(ctx, c, req.State)...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := c.DeleteDatasource(ctx, state.Project.ValueString(), state.Name.ValueString())
	r.data.online.forgetDatasourceScope(state.Project.ValueString(), state.PluginKind.ValueString())
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.Append(r.apiError("Delete", state, err))
	}
}

func (r *datasourceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	project, name, ok := r.scope.parseImportID(req.ID)
	if !ok {
		resp.Diagnostics.Append(diagnostics.Error("Invalid Import ID",
			fmt.Sprintf("%q is not a %s import ID.", req.ID, r.scope.noun()),
			fmt.Sprintf("Write it as %s, e.g. terraform import perses_%s.example %s.", r.scope.importIDFormat(), r.scope.typeSuffix(), exampleImportID(r.scope)), nil))
		return
	}
	// Read fills in the rest; keeping the ID's spelling lets a configuration that writes the
	// name with capitals import cleanly from a server that lowercased it.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	if r.scope.project {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("project"), project)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(setDefaultOptions(ctx, &resp.State)...)
}

func exampleImportID(s scope) string {
	return s.id("checkout", "prometheus")
}
