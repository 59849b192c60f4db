package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

var _ resource.ResourceWithModifyPlan = (*projectResource)(nil)

// maxListedNames bounds the names a warning lists; the rest are counted.
const maxListedNames = 20

// ModifyPlan decides what the apply writes (see writeRule), and warns when the plan destroys or
// replaces a project: Perses deletes everything in a project with it (datasources, secrets,
// dashboards, folders, variables, roles, role bindings), including objects Terraform does not
// manage, and Terraform's plan would otherwise only show the project itself going away.
func (r *projectResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer r.data.track()()
	r.recordPlannedProject(ctx, req)
	if req.State.Raw.IsNull() {
		r.checkSupportedServer(ctx, resp)
		return // create
	}
	var prior types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("name"), &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(r.contentDeletedWarning(ctx, prior.ValueString(), "destroys"))
		return
	}
	switch r.writes().planUpdate(ctx, r.data, req, resp) {
	case planReplace:
		resp.Diagnostics.Append(r.contentDeletedWarning(ctx, prior.ValueString(), "replaces"))
	case planWrite:
		r.checkSupportedServer(ctx, resp)
	}
}

// checkSupportedServer refuses, once per plan, a write to a Perses older than the supported range.
func (r *projectResource) checkSupportedServer(ctx context.Context, resp *resource.ModifyPlanResponse) {
	if r.data != nil {
		_, diags := r.data.supportedServer(ctx, r.data.client)
		resp.Diagnostics.Append(diags...)
	}
}

// contentDeletedWarning lists what the server holds in the project now. A list can wrongly be
// empty (see client.ListDatasources), so an empty one is reported as "lists none", not "has none".
func (r *projectResource) contentDeletedWarning(ctx context.Context, project, action string) diag.Diagnostic {
	datasources, secrets := "the server could not be asked", "the server could not be asked"
	if r.data != nil && r.data.client != nil {
		datasources = listedNames(func() ([]string, error) {
			list, err := r.data.client.ListDatasources(ctx, project, client.DatasourceFilter{})
			names := make([]string, 0, len(list))
			for _, ds := range list {
				names = append(names, ds.Metadata.Name)
			}
			return names, err
		})
		secrets = listedNames(func() ([]string, error) {
			list, err := r.data.client.ListSecrets(ctx, project, "")
			names := make([]string, 0, len(list))
			for _, s := range list {
				names = append(names, s.Metadata.Name)
			}
			return names, err
		})
	}
	return diagnostics.Warning("Project Content Will Be Deleted",
		fmt.Sprintf("This plan %s project %q. Perses deletes everything in a project with it, including objects Terraform does not manage:\n"+
			"- datasources: %s\n- secrets: %s\n- and its dashboards, folders, variables, roles and role bindings.", action, project, datasources, secrets),
		"If any of them must survive, move them to another project (or export them with percli get) before applying.", nil)
}

// listedNames renders what list returns: "none listed", or up to maxListedNames quoted names
// then a count of the rest, or why the list failed.
func listedNames(list func() ([]string, error)) string {
	names, err := list()
	if err != nil {
		return fmt.Sprintf("unknown (listing them failed: %v)", err)
	}
	return formatNames(names, maxListedNames)
}

func formatNames(names []string, most int) string {
	if len(names) == 0 {
		return "none listed by the server"
	}
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	shown := sorted[:min(len(sorted), most)]
	quoted := make([]string, len(shown))
	for i, n := range shown {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	out := fmt.Sprintf("%d (%s", len(sorted), strings.Join(quoted, ", "))
	if rest := len(sorted) - len(shown); rest > 0 {
		out += fmt.Sprintf(" and %d more", rest)
	}
	return out + ")"
}

// recordPlannedProject tells the datasource checks of this run that the project will exist.
func (r *projectResource) recordPlannedProject(ctx context.Context, req resource.ModifyPlanRequest) {
	if r.data == nil || req.Plan.Raw.IsNull() {
		return
	}
	var name types.String
	if diags := req.Plan.GetAttribute(ctx, path.Root("name"), &name); diags.HasError() || name.IsUnknown() || name.IsNull() {
		return
	}
	r.data.planned.recordProject(name.ValueString())
}
