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
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

var (
	_ resource.ResourceWithConfigure      = (*secretResource)(nil)
	_ resource.ResourceWithIdentity       = (*secretResource)(nil)
	_ resource.ResourceWithImportState    = (*secretResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*secretResource)(nil)
	_ resource.ResourceWithValidateConfig = (*secretResource)(nil)
)

// NewGlobalSecretResource returns perses_global_secret.
func NewGlobalSecretResource() resource.Resource {
	return &secretResource{scopedResource{scope: globalSecretScope}}
}

// NewProjectSecretResource returns perses_project_secret.
func NewProjectSecretResource() resource.Resource {
	return &secretResource{scopedResource{scope: projectSecretScope}}
}

// secretResource is both secret resources: they differ only by scope.
type secretResource struct{ scopedResource }

func (r *secretResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = secretResourceSchema(r.scope)
}

func (r *secretResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	resp.Diagnostics.Append(validateSecretConfig(ctx, req.Config)...)
}

// writes is the write decision of the secret resources (see writeRule): they send the spec,
// values in clear; a write-only value counts through its version, the only trace of it
// Terraform keeps. Perses bumps version on every write.
func (r *secretResource) writes() writeRule {
	return writeRule{
		scope:    r.scope,
		computed: []string{"version"},
		wire: func(ctx context.Context, data wholeGetter) (any, bool, diag.Diagnostics) {
			if !knownExcept(ctx, data, "id", "version") {
				return nil, false, nil
			}
			m, diags := getSecretModel(ctx, data)
			if diags.HasError() {
				return nil, false, diags
			}
			s, d := m.comparable(ctx, r.scope)
			diags.Append(d...)
			return s.Spec, !d.HasError(), diags
		},
	}
}

// ModifyPlan makes the ID known at plan time, tells the datasource checks of this run that the
// secret will exist (a datasource's proxy.secret may name it), and decides what the apply writes.
func (r *secretResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer r.data.track()()
	if req.Plan.Raw.IsNull() {
		return
	}
	raw, err := readRawAttributes(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.Append(diagnostics.Bug("Cannot Read the Plan", "Reading the name of the secret from the plan failed.", err))
		return
	}
	planned := identityOf(raw)
	if !planned.known() {
		return
	}
	project, name := planned.project, planned.name
	if r.data != nil {
		r.data.planned.recordSecret(project.ValueString(), name.ValueString())
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringValue(r.scope.id(project.ValueString(), name.ValueString())))...)
	if !req.State.Raw.IsNull() && r.writes().planUpdate(ctx, r.data, req, resp) != planWrite {
		return
	}
	if r.data != nil {
		_, diags := r.data.supportedServer(ctx, r.data.client)
		resp.Diagnostics.Append(diags...)
	}
}

func (r *secretResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer r.data.track()()
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	if !diags.HasError() {
		resp.Diagnostics.Append(r.write(ctx, "Create", req.Plan, req.Config, &resp.State, resp.Identity, c.CreateSecret)...)
	}
}

// write sends the planned secret with call (create or update) and stores what Perses answered.
// The write-only values come from the configuration, the only place Terraform has them.
func (r *secretResource) write(ctx context.Context, op string, plan tfsdk.Plan, config tfsdk.Config, state *tfsdk.State, identity *tfsdk.ResourceIdentity,
	call func(context.Context, *v1.Secret) (*v1.Secret, error)) diag.Diagnostics {
	m, diags := getSecretModel(ctx, plan)
	cfg, d := getSecretModel(ctx, config)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	m.withWriteOnlyFrom(cfg)
	s, d := m.secret(ctx, r.scope)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	written, err := call(ctx, s)
	if err != nil {
		diags.Append(scopedAPIError(r.scope, op, m.Project.ValueString(), m.Name.ValueString(), err))
		return diags
	}
	diags.Append(m.readFrom(written, r.scope, false)...)
	diags.Append(m.set(ctx, state, r.scope)...)
	diags.Append(r.scope.setIdentity(ctx, identity, written.Metadata.Project, written.Metadata.Name)...)
	return diags
}

func (r *secretResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer r.data.track()()
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	state, d := getSecretModel(ctx, req.State)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, err := c.GetSecret(ctx, r.scope.projectOf(state.Project.ValueString()), state.Name.ValueString())
	if errors.Is(err, client.ErrNotFound) {
		r.scope.removeGone(ctx, resp, state.Project.ValueString(), state.Name.ValueString())
		return
	}
	if err != nil {
		resp.Diagnostics.Append(scopedAPIError(r.scope, "Read", state.Project.ValueString(), state.Name.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(state.readFrom(s, r.scope, true)...)
	resp.Diagnostics.Append(state.set(ctx, &resp.State, r.scope)...)
	resp.Diagnostics.Append(r.scope.setIdentity(ctx, resp.Identity, s.Metadata.Project, s.Metadata.Name)...)
}

// Update sends every value again, write-only ones included: Perses keeps nothing of the old spec.
// A plan that the write rule says writes nothing only takes the planned state.
func (r *secretResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer r.data.track()()
	r.writes().applyUpdate(ctx, req, resp, func() diag.Diagnostics {
		c, diags := r.data.requireClient()
		if diags.HasError() {
			return diags
		}
		return r.write(ctx, "Update", req.Plan, req.Config, &resp.State, resp.Identity, c.UpdateSecret)
	})
}

func (r *secretResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	defer r.data.track()()
	c, diags := r.data.requireClient()
	resp.Diagnostics.Append(diags...)
	state, d := getSecretModel(ctx, req.State)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := c.DeleteSecret(ctx, r.scope.projectOf(state.Project.ValueString()), state.Name.ValueString())
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.Append(scopedAPIError(r.scope, "Delete", state.Project.ValueString(), state.Name.ValueString(), err))
	}
}

// ImportState takes the secret's identity only (see importByID): Perses never gives its values
// back, so they come from the configuration at the next apply (the plan shows them as changes).
func (r *secretResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	defer r.data.track()()
	importByID(ctx, r.scope, req, resp)
}

// titleWords title-cases every word: "role binding" reads "Role Binding".
func titleWords(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = titleCase(w)
	}
	return strings.Join(words, " ")
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
