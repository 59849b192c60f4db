package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/perses/pkg/model/api/v1/common"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
	"github.com/perses/terraform-provider-perses/internal/rules"
)

var (
	_ resource.ResourceWithConfigure   = (*projectResource)(nil)
	_ resource.ResourceWithIdentity    = (*projectResource)(nil)
	_ resource.ResourceWithImportState = (*projectResource)(nil)
)

// NewProjectResource returns perses_project.
func NewProjectResource() resource.Resource {
	return &projectResource{scopedResource{scope: projectsScope}}
}

type projectResource struct{ scopedResource }

// writes is the write decision of perses_project (see writeRule): it sends the display; no
// attribute of it changes on a write.
func (r *projectResource) writes() writeRule {
	return writeRule{
		scope: r.scope,
		wire: func(ctx context.Context, data wholeGetter) (any, bool, diag.Diagnostics) {
			if !knownExcept(ctx, data, "id") {
				return nil, false, nil
			}
			var m projectModel
			diags := data.Get(ctx, &m)
			return m.project().Spec, !diags.HasError(), diags
		},
	}
}

type projectModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	DisplayName types.String `tfsdk:"display_name"`
	Description types.String `tfsdk:"description"`
}

func (r *projectResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = projectResourceSchema()
}

func projectResourceSchema() schema.Schema {
	return schema.Schema{
		Version: projectSchemaVersion,
		MarkdownDescription: "A Perses project: the home of project datasources, secrets and dashboards. " +
			"**Destroying a project deletes everything in it on the server**, its datasources included, " +
			"including objects Terraform does not manage. A plan that destroys or replaces a project warns so, and lists the datasources " +
			"and secrets the server holds in it. Changing `name` replaces the project (and deletes its content), except a change of letter case alone " +
			"on a server that finds both spellings (a database that is not case-sensitive, the Perses default): the plan then changes nothing.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The project name, also the import ID.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Project name: 1 to 75 characters of `a-zA-Z0-9_.-`. A server whose database is not case-sensitive " +
					"(the Perses default) stores it lowercased, and finds it by any spelling.",
				Validators: []validator.String{rules.Name(exampleProjectName)},
			},
			"display_name": schema.StringAttribute{Optional: true, MarkdownDescription: "Name shown in the Perses UI."},
			"description":  schema.StringAttribute{Optional: true, MarkdownDescription: "Description shown in the Perses UI."},
		},
	}
}

func (m *projectModel) project() *v1.Project {
	p := &v1.Project{Kind: v1.KindProject, Metadata: v1.Metadata{Name: m.Name.ValueString()}}
	if name, desc := m.DisplayName.ValueString(), m.Description.ValueString(); name != "" || desc != "" {
		p.Spec.Display = &common.Display{Name: name, Description: desc}
	}
	return p
}

func (m *projectModel) readFrom(p *v1.Project) {
	m.Name = keepSpelling(m.Name, p.Metadata.Name)
	m.ID = m.Name
	m.DisplayName, m.Description = types.StringNull(), types.StringNull()
	if p.Spec.Display != nil {
		m.DisplayName, m.Description = optionalString(p.Spec.Display.Name), optionalString(p.Spec.Display.Description)
	}
}

func projectAPIError(op, name string, err error) diag.Diagnostic {
	// A project is its own project: the permissions on it are those of a Role in it too.
	return scopedAPIError(projectsScope, op, name, name, err)
}

func (r *projectResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.data.track()()
	resp.Diagnostics.Append(r.write(ctx, "Create", req.Plan, &resp.State, resp.Identity)...)
}

func (r *projectResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.data.track()()
	r.writes().applyUpdate(ctx, req, resp, func() diag.Diagnostics {
		return r.write(ctx, "Update", req.Plan, &resp.State, resp.Identity)
	})
}

// write creates or updates the planned project and stores what Perses answered.
func (r *projectResource) write(ctx context.Context, op string, plan tfsdk.Plan, state *tfsdk.State, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
	c, diags := r.data.requireClient()
	var m projectModel
	diags.Append(plan.Get(ctx, &m)...)
	if diags.HasError() {
		return diags
	}
	send := c.UpdateProject
	if op == "Create" {
		send = c.CreateProject
	}
	stored, err := send(ctx, m.project())
	switch {
	case errors.Is(err, client.ErrConflict):
		diags.Append(diagnostics.Error("Cannot Create Perses Project",
			fmt.Sprintf("Project %q already exists on the Perses server.", m.Name.ValueString()),
			fmt.Sprintf("Import it (terraform import %s.<name> %s) or choose another name.", r.scope.typeName(), m.Name.ValueString()), err))
	case err != nil:
		diags.Append(projectAPIError(op, m.Name.ValueString(), err))
	default:
		m.readFrom(stored)
		diags.Append(state.Set(ctx, m)...)
		diags.Append(r.scope.setIdentity(ctx, identity, "", stored.Metadata.Name)...)
	}
	return diags
}

func (r *projectResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.data.track()()
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	var m projectModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	p, err := c.GetProject(ctx, m.Name.ValueString())
	if errors.Is(err, client.ErrNotFound) {
		r.scope.removeGone(ctx, resp, "", m.Name.ValueString())
		return
	}
	if err != nil {
		resp.Diagnostics.Append(projectAPIError("Read", m.Name.ValueString(), err))
		return
	}
	m.readFrom(p)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	resp.Diagnostics.Append(r.scope.setIdentity(ctx, resp.Identity, "", p.Metadata.Name)...)
}

func (r *projectResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	defer r.data.track()()
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	var m projectModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := c.DeleteProject(ctx, m.Name.ValueString()); err != nil && !errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.Append(projectAPIError("Delete", m.Name.ValueString(), err))
	}
}

func (r *projectResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	defer r.data.track()()
	importByID(ctx, r.scope, req, resp)
}
