package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
	"github.com/perses/terraform-provider-perses/internal/plugins"
)

// checkPlan runs the checks that need the server or the rest of the run, for a datasource the
// apply creates or writes: one dry-run validation plus reads shared by the whole run (see
// onlineCache). A plan that writes nothing costs nothing (see writeRule).
func (r *datasourceResource) checkPlan(ctx context.Context, plan *datasourceResourceModel, creating bool, resp *resource.ModifyPlanResponse) {
	if r.data == nil || plan.Name.IsUnknown() || plan.Project.IsUnknown() || plan.Default.IsUnknown() {
		return
	}
	kind := plan.plannedPluginKind()
	if kind.IsUnknown() {
		return
	}
	project, name := r.scope.projectOf(plan.Project.ValueString()), plan.Name.ValueString()
	isDefault := plan.Default.ValueBool()
	if d := r.recordPlannedDefault(project, kind.ValueString(), name, isDefault); d != nil {
		resp.Diagnostics.Append(d)
		return
	}
	c := r.data.client
	if c == nil {
		return
	}
	if ok, diags := r.data.supportedServer(ctx, c); !ok {
		resp.Diagnostics.Append(diags...)
		return
	}
	kindPath := plan.kindPath()
	resp.Diagnostics.Append(r.checkPluginInstalled(ctx, c, kind.ValueString(), kindPath)...)
	if r.scope.project {
		resp.Diagnostics.Append(r.checkProjectExists(ctx, c, project)...)
	}
	if creating {
		resp.Diagnostics.Append(r.checkNameFree(ctx, c, project, name)...)
	}
	var ds *v1.Datasource
	if plan.specKnown(ctx) {
		var diags diag.Diagnostics
		ds, diags = plan.datasource(ctx, r.scope)
		resp.Diagnostics.Append(diags...)
	}
	if isDefault {
		resp.Diagnostics.Append(r.checkCurrentDefault(ctx, c, newDefaultKey(project, kind.ValueString()), name, ds, creating)...)
	}
	if resp.Diagnostics.HasError() || ds == nil {
		return
	}
	resp.Diagnostics.Append(r.checkServerValidation(ctx, c, ds, kindPath)...)
	if proxy, ok := plugins.ProxyOf(ds.Spec.Plugin.Spec); ok && proxy.Secret != "" {
		resp.Diagnostics.Append(r.checkSecretExists(ctx, c, project, proxy.Secret, plan.secretPath())...)
	}
}

// checkSecretExists: Perses does not check that a proxy's secret exists; a missing one makes
// every proxied query answer 404, long after the apply.
func (r *datasourceResource) checkSecretExists(ctx context.Context, c *client.Client, project, secret string, at path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	exists, err := r.data.online.secretExists(ctx, c, project, secret)
	if isForbidden(err) {
		// The identity may not read secrets: nothing to conclude, and the plan says so.
		diags.Append(skippedCheckWarning("Secret Check", fmt.Sprintf("that secret %q named by the proxy exists", secret),
			r.scope.secrets(), "Read", project, err))
		return diags
	}
	if err != nil {
		diags.Append(diagnostics.Error("Cannot Check Secret", fmt.Sprintf("Reading secret %q failed.", secret),
			"Check the provider url and credentials, then plan again.", err))
		return diags
	}
	if exists || r.data.planned.waitForSecret(ctx, project, secret) {
		return diags
	}
	where, resourceType := "global secrets", r.scope.secrets().typeName()
	if r.scope.project {
		where = fmt.Sprintf("the secrets of project %q (a project datasource only sees its own project's secrets)", project)
	}
	diags.Append(diagnostics.AttributeError(at, "Secret Not Found",
		fmt.Sprintf("The proxy names secret %q, which is not among %s on the Perses server, and no %s of this configuration creates it. "+
			"Perses would accept the datasource, and every query through its proxy would then fail with 404.", secret, where, resourceType),
		fmt.Sprintf("Create it with a %s resource and reference it (secret = %s.<name>.name), or fix the name.", resourceType, resourceType)))
	return diags
}

// recordLeaving notes, for the default checks of other datasources, that the datasource in state
// stops being the default of its kind: it is destroyed, or replaced by another object.
func (r *datasourceResource) recordLeaving(state tfsdk.State) {
	if a, ok := r.plannedAttributes(state.Raw); ok {
		key := newDefaultKey(a.str("project").ValueString(), a.str("plugin_kind").ValueString())
		r.data.planned.recordDatasource(key, plannedDatasource{name: a.str("name").ValueString(), leaving: true})
	}
}

// warnDefaultReplacedWithChanges warns, at the plan of a replacement, when the default is replaced
// by a default with another content: with create_before_destroy (which a provider cannot see),
// the new one is created while the old one is still the default, and the apply can then only fail
// (see replacedBy for the rename alone, which works).
func (r *datasourceResource) warnDefaultReplacedWithChanges(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var prior, planned types.Bool
	if req.State.GetAttribute(ctx, path.Root("default"), &prior).HasError() || resp.Plan.GetAttribute(ctx, path.Root("default"), &planned).HasError() ||
		!prior.ValueBool() || !planned.ValueBool() {
		return
	}
	if changes, diags := r.writes().writes(ctx, resp.Plan, req.State); diags.HasError() || !changes {
		return
	}
	project, name, _ := r.scope.identityIn(ctx, req.State)
	resp.Diagnostics.Append(diagnostics.AttributeWarning(path.Root("name"), "Default Datasource Replaced With Other Changes",
		fmt.Sprintf("This plan replaces %s, the default of its kind, with a default datasource of another name and another content. "+
			"Perses allows one default per kind and scope: with create_before_destroy, Terraform creates the new one while the old one is still the default, "+
			"without telling the provider which object it replaces, and the apply then fails.", r.scope.describe(project, name)),
		"Without create_before_destroy, nothing to do. With it, rename the datasource in one apply and change the rest in the next "+
			"(a rename alone takes the default flag from the identical old datasource)."))
}

// recordKindChange notes, for the default checks of other datasources, that a datasource whose
// plugin kind changes stops being the default of its old kind: its update writes the new kind.
func (r *datasourceResource) recordKindChange(state tftypes.Value, plannedKind types.String) {
	a, ok := r.plannedAttributes(state)
	if !ok || plannedKind.IsUnknown() || a.str("plugin_kind").ValueString() == plannedKind.ValueString() {
		return
	}
	key := newDefaultKey(a.str("project").ValueString(), a.str("plugin_kind").ValueString())
	r.data.planned.recordDatasource(key, plannedDatasource{name: a.str("name").ValueString()})
}

// recordUnchanged is checkPlan for a datasource whose plan writes nothing: no online check, but
// the default checks of this run still see it.
func (r *datasourceResource) recordUnchanged(plan tftypes.Value, diags *diag.Diagnostics) {
	if a, ok := r.plannedAttributes(plan); ok {
		if d := r.recordPlannedDefault(a.str("project").ValueString(), a.str("plugin_kind").ValueString(), a.str("name").ValueString(), a.boolean("default").ValueBool()); d != nil {
			diags.Append(d)
		}
	}
}

// plannedAttributes reads a known state or plan for the plan registry, cheaply (see rawAttributes).
func (r *datasourceResource) plannedAttributes(raw tftypes.Value) (rawAttributes, bool) {
	if r.data == nil || raw.IsNull() {
		return nil, false
	}
	a, err := readRawAttributes(raw)
	if err != nil {
		return nil, false
	}
	kind := a.str("plugin_kind")
	return a, !kind.IsNull() && !kind.IsUnknown()
}

// recordPlannedDefault tells the plan registry about a planned datasource, and refuses a second
// default of its plugin kind in its scope in this run.
func (r *datasourceResource) recordPlannedDefault(project, kind, name string, isDefault bool) diag.Diagnostic {
	key := newDefaultKey(project, kind)
	r.data.planned.recordDatasource(key, plannedDatasource{name: name, isDefault: isDefault})
	if !isDefault {
		return nil
	}
	if others := r.data.planned.otherDefaults(key, name); len(others) > 0 {
		return twoDefaultsError(r.scope, project, kind, append(others, name))
	}
	return nil
}

func (r *datasourceResource) checkPluginInstalled(ctx context.Context, c *client.Client, kind string, at path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	installed, err := r.data.online.datasourceKinds(ctx, c)
	if isForbidden(err) {
		// Perses itself lets any logged-in user list plugins; a proxy in front of it may not.
		diags.Append(diagnostics.Warning("Datasource Plugin Check Skipped",
			fmt.Sprintf("The plan could not check that the plugin %s is installed: listing the plugins of the Perses server (GET /api/v1/plugins) was refused (403). "+
				"Perses still refuses a datasource of a kind it does not have, at apply.", kind),
			"Let the provider's identity read /api/v1/plugins (Perses needs no role for it: check what stands in front of the server) to have it checked at plan.", err))
		return diags
	}
	if errors.Is(err, client.ErrNotFound) {
		// No such route (a server built from source, whose version says nothing): the dry-run
		// validation that follows checks the datasource against the plugin's schema all the same.
		diags.Append(diagnostics.AttributeWarning(at, "Datasource Plugin Check Skipped",
			"The Perses server does not serve GET /api/v1/plugins (404), so the plan cannot list its plugins to check that "+kind+" is installed. "+
				"Its dry-run validation still checks the datasource against the plugin's schema, and the other plan-time checks still run.",
			"Nothing to do if the plan shows no other error. To have the check, run Perses "+client.MinPersesVersion+" or later built with its version stamp."))
		return diags
	}
	if err != nil {
		diags.Append(diagnostics.Error("Cannot Check Datasource Plugins",
			"Listing the plugins of the Perses server (GET /api/v1/plugins) failed, so the plan cannot check that "+kind+" is installed.",
			"Check the provider url and that the server is up, then plan again.", err))
		return diags
	}
	if slices.Contains(installed, kind) {
		return diags
	}
	sort.Strings(installed)
	fix := "Installed datasource kinds: " + strings.Join(installed, ", ") + ". Install the plugin on the Perses server, or use one of these kinds."
	if k := plugins.ByPluginKind(kind); k != nil {
		fix = "Install the " + k.Title + " plugin on the Perses server (installed datasource kinds: " + strings.Join(installed, ", ") + ")."
	}
	diags.Append(diagnostics.AttributeError(at, "Datasource Plugin Not Installed",
		fmt.Sprintf("The Perses server has no loaded datasource plugin of kind %q, so it would refuse this datasource.", kind), fix))
	return diags
}

func (r *datasourceResource) checkProjectExists(ctx context.Context, c *client.Client, project string) diag.Diagnostics {
	var diags diag.Diagnostics
	if r.data.planned.projectPlanned(project) {
		return diags
	}
	exists, err := r.data.online.projectExists(ctx, c, project)
	if isForbidden(err) {
		diags.Append(skippedCheckWarning("Project Check", fmt.Sprintf("that project %q exists", project), projectsScope, "Read", project, err))
		return diags
	}
	if err != nil {
		diags.Append(diagnostics.Error("Cannot Check Project", fmt.Sprintf("Reading project %q failed.", project),
			"Check the provider url and credentials, then plan again.", err))
		return diags
	}
	if exists || r.data.planned.waitForProject(ctx, project) {
		return diags
	}
	diags.Append(diagnostics.AttributeError(path.Root("project"), "Project Not Found",
		fmt.Sprintf("Project %q does not exist on the Perses server, and no perses_project resource of this configuration creates it.", project),
		`Create it with a perses_project resource and reference it (project = perses_project.<name>.name, so Terraform creates it first), or fix the name.`))
	return diags
}

// checkCurrentDefault: becoming the default is fine if the current default (if any) is planned to
// stop being it in this run; Create and Update then move the flag whatever the order of the writes.
// The server names its default as it stores it; the configuration may spell it otherwise, which
// designates the same datasource only if the server says so (a case-sensitive one holds "logs"
// and "Logs" as two datasources).
// A create whose spec equals the current default's (but for the name) is taken for its
// replacement (see replacedBy), with a warning: that is all a create_before_destroy replacement
// lets the provider know when Terraform plans it again at apply.
func (r *datasourceResource) checkCurrentDefault(ctx context.Context, c *client.Client, key defaultKey, name string, planned *v1.Datasource, creating bool) diag.Diagnostics {
	var diags diag.Diagnostics
	current, err := r.data.online.currentDefaults(ctx, c, key, key.project)
	if errors.Is(err, client.ErrNotFound) {
		return diags // the project does not exist yet: no default in it
	}
	if isForbidden(err) {
		diags.Append(skippedCheckWarning("Default Datasource Check",
			fmt.Sprintf("that no other %s datasource is the default in %s (Perses allows one default per plugin kind and scope)", key.kind, r.scope.where(key.project)),
			r.scope, "List", key.project, err))
		return diags
	}
	if err != nil {
		diags.Append(diagnostics.Error("Cannot Check Default Datasource",
			fmt.Sprintf("Listing the default %s datasources failed.", key.kind), "Check the provider url and credentials, then plan again.", err))
		return diags
	}
	for _, other := range current {
		if r.designates(ctx, c, key.project, name, other) {
			continue
		}
		p, managed := r.data.planned.waitForDatasource(ctx, key, other, r.plannedAs(ctx, c, key.project, other))
		switch {
		case managed && p.isDefault:
			diags.Append(twoDefaultsError(r.scope, key.project, key.kind, []string{p.name, name}))
		case !managed && creating && planned != nil && r.replacedBy(ctx, c, other, planned):
			diags.Append(diagnostics.AttributeWarning(path.Root("default"), "Default Taken From an Identical Datasource",
				fmt.Sprintf("The %s is the default %s of its scope on the Perses server, holds the same spec as %s, and is not planned in this run: "+
					"the provider takes it for the datasource this one replaces (a rename with create_before_destroy) and moves the default flag to %s when it creates it.",
					r.scope.describe(key.project, other), key.kind, r.scope.describe(key.project, name), r.scope.describe(key.project, name)),
				fmt.Sprintf("If %q is not being replaced, set default = false here, or on %q first.", other, other)))
		case !managed:
			diags.Append(diagnostics.AttributeError(path.Root("default"), "Another Datasource Is the Default",
				fmt.Sprintf("The %s is the default %s of its scope on the Perses server, and Perses allows one default per plugin kind per scope, so %s cannot become the default.",
					r.scope.describe(key.project, other), key.kind, r.scope.describe(key.project, name)),
				fmt.Sprintf("Set default = false on %q in the configuration that manages it (it can be in this same apply: the provider then moves the flag), or in Perses; or keep default = false here. "+
					"If this datasource replaces %q with create_before_destroy and other changes than its name, Terraform shows the provider nothing of %q when it creates this one: "+
					"remove create_before_destroy, or rename it in one apply and change it in the next.", other, other, other)))
		}
	}
	return diags
}

// designates says whether the name written (in this project) designates the datasource the server
// stores as stored: the same spelling, or one the server resolves to it.
func (r *datasourceResource) designates(ctx context.Context, c *client.Client, project, written, stored string) bool {
	return r.sameDatasource(ctx, c, identityAt(project, written), identityAt(project, stored))
}

// plannedAs is the test of waitForDatasource: whether a planned datasource, spelled as its
// configuration writes it, is the one the server stores as stored in project.
func (r *datasourceResource) plannedAs(ctx context.Context, c *client.Client, project, stored string) func(plannedDatasource) bool {
	return func(p plannedDatasource) bool {
		return r.sameDatasource(ctx, c, identityAt(p.project, p.name), identityAt(project, stored))
	}
}

func (r *datasourceResource) sameDatasource(ctx context.Context, c *client.Client, a, b identity) bool {
	if a == b {
		return true
	}
	if !strings.EqualFold(a.project.ValueString(), b.project.ValueString()) || !strings.EqualFold(a.name.ValueString(), b.name.ValueString()) {
		return false
	}
	same, err := r.data.online.sameObject(ctx, c, r.scope, a, b)
	return err == nil && same
}

func identityAt(project, name string) identity {
	return identity{project: types.StringValue(project), name: types.StringValue(name)}
}

func (r *datasourceResource) checkServerValidation(ctx context.Context, c *client.Client, ds *v1.Datasource, at path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	err := c.ValidateDatasource(ctx, ds)
	switch {
	case err == nil, errors.Is(err, client.ErrNotFound):
	case isForbidden(err):
		diags.Append(diagnostics.Warning("Datasource Validation Skipped",
			fmt.Sprintf("The plan could not run the Perses server's dry-run validation of %s: the server refused it (403). "+
				"Perses validates the datasource again when the apply writes it.", r.scope.describe(ds.Metadata.Project, ds.Metadata.Name)),
			"Let the provider's identity use /api/validate (Perses needs no role for it: check what stands in front of the server) to have it checked at plan.", err))
	case errors.Is(err, client.ErrValidation):
		diags.Append(diagnostics.AttributeErrorCause(at, "Perses Rejects This Datasource",
			fmt.Sprintf("The Perses server's validation (its %s plugin schema) refuses %s.", ds.Spec.Plugin.Kind, r.scope.describe(ds.Metadata.Project, ds.Metadata.Name)),
			"Fix the attribute the server's message points at (spec.<field> is the plugin spec: spec_json, or the typed attribute of the same name).", err))
	default:
		diags.Append(diagnostics.Error("Cannot Validate Datasource", "The Perses server's dry-run validation failed to answer.",
			"Check the provider url and credentials, then plan again.", err))
	}
	return diags
}

func twoDefaultsError(s scope, project, kind string, names []string) diag.Diagnostic {
	sort.Strings(names)
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return diagnostics.AttributeError(path.Root("default"), "Two Default Datasources",
		fmt.Sprintf("The %ss %s are all planned with default = true for %s in %s, but Perses allows one default per plugin kind per scope.",
			s.noun(), strings.Join(quoted, " and "), kind, s.where(project)),
		"Keep default = true on one of them and set default = false on the others.")
}
