package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
	"github.com/perses/terraform-provider-perses/internal/references"
)

// Deleting a datasource that dashboards use breaks them silently: Perses does not check, and
// a global datasource may be used by dashboards of every project. Delete refuses it (unless
// force_destroy = true) with the list of those dashboards, read fresh from the server; the plan of
// a destroy or replacement warns about it ahead, from lists shared by the whole plan.

// referenceCache shares, within one provider process, the lists the plan-time warnings read.
type referenceCache struct {
	mu         sync.Mutex
	dashboards map[string]*cached[[]*v1.Dashboard]  // by lowercased project, "" = every project
	ofKind     map[string]*cached[[]*v1.Datasource] // project datasources of every project, by plugin kind
	// listsWork holds the scopes (lowercased project, "" = global) whose datasource list was seen
	// to hold a datasource the server has: the broken lists checkListsWork detects are broken for
	// good (a property of the database folder), so one proof per scope and process is enough.
	listsWork map[string]bool
}

func newReferenceCache() *referenceCache {
	return &referenceCache{
		dashboards: map[string]*cached[[]*v1.Dashboard]{}, ofKind: map[string]*cached[[]*v1.Datasource]{}, listsWork: map[string]bool{},
	}
}

// referenceReader reads what the check needs: fresh (cache nil) in Delete, shared at plan.
type referenceReader struct {
	c     *client.Client
	cache *referenceCache
}

func (rr referenceReader) dashboards(ctx context.Context, project string) ([]*v1.Dashboard, error) {
	fetch := func() ([]*v1.Dashboard, error) { return rr.c.ListDashboards(ctx, project) }
	if rr.cache == nil {
		return fetch()
	}
	rr.cache.mu.Lock()
	entry, ok := rr.cache.dashboards[strings.ToLower(project)]
	if !ok {
		entry = &cached[[]*v1.Dashboard]{}
		rr.cache.dashboards[strings.ToLower(project)] = entry
	}
	rr.cache.mu.Unlock()
	return entry.get(fetch)
}

func (rr referenceReader) projectDatasourcesOfKind(ctx context.Context, kind string) ([]*v1.Datasource, error) {
	fetch := func() ([]*v1.Datasource, error) {
		return rr.c.ListDatasourcesOfAllProjects(ctx, client.DatasourceFilter{Kind: kind})
	}
	if rr.cache == nil {
		return fetch()
	}
	rr.cache.mu.Lock()
	entry, ok := rr.cache.ofKind[kind]
	if !ok {
		entry = &cached[[]*v1.Datasource]{}
		rr.cache.ofKind[kind] = entry
	}
	rr.cache.mu.Unlock()
	return entry.get(fetch)
}

// usesOf finds the dashboards that use a datasource, among the given dashboards of its scope.
func (rr referenceReader) usesOf(ctx context.Context, used references.Datasource, dashboards []*v1.Dashboard) ([]references.Use, error) {
	return references.UsesOf(ctx, used, dashboards, rr.projectDatasourcesOfKind)
}

// checkDashboardsBeforeDelete refuses, with an error, to delete a datasource that dashboards use,
// unless the state says force_destroy = true. Everything is read from the server at delete time.
func (r *datasourceResource) checkDashboardsBeforeDelete(ctx context.Context, c *client.Client, state tfsdk.State) diag.Diagnostics {
	force, diags := optionValue(ctx, state, forceDestroyAttribute)
	if diags.HasError() || force {
		return diags
	}
	project, name, d := r.scope.identityIn(ctx, state)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	ds, err := c.GetDatasource(ctx, project, name)
	if errors.Is(err, client.ErrNotFound) {
		return diags // already gone: Delete has nothing to refuse
	}
	if err != nil {
		diags.Append(cannotCheckUses(r.scope, project, name, err))
		return diags
	}
	used := references.Datasource{Project: ds.Metadata.Project, Name: ds.Metadata.Name, Kind: ds.Spec.Plugin.Kind, Default: ds.Spec.Default}
	rr := referenceReader{c: c}
	dashboards, err := rr.dashboards(ctx, used.Project)
	if goneWithItsProject(err) {
		return diags
	}
	if err != nil {
		diags.Append(cannotCheckUses(r.scope, project, name, err))
		return diags
	}
	if len(dashboards) == 0 {
		// An empty list proves nothing on its own (see DESIGN.md): the datasource's own scope must
		// list the datasource that the GET above found, or the server's lists are broken.
		diags.Append(r.checkListsWork(ctx, c, used)...)
		return diags
	}
	uses, err := rr.usesOf(ctx, used, dashboards)
	if goneWithItsProject(err) {
		return diags
	}
	if err != nil {
		diags.Append(cannotCheckUses(r.scope, project, name, err))
		return diags
	}
	if len(uses) > 0 {
		diags.Append(diagnostics.AttributeError(path.Root(forceDestroyAttribute), "Datasource Used by Dashboards",
			fmt.Sprintf("%s is used by %s, which would fail to load their data once it is deleted:\n%s",
				r.scope.describe(project, name), references.Count(len(uses)), references.List(uses)),
			"Point these dashboards at another datasource first (or delete them). To delete it anyway, set force_destroy = true "+
				"on this resource and apply, then destroy it."))
	}
	return diags
}

// checkListsWork returns an error when the scope's list leaves out a datasource the server holds.
// Once a scope's list is proven to work, this process does not ask again: a destroy of many
// datasources would otherwise list the scope once per datasource, while other deletes remove
// files from under the list (the file database then answers 500).
func (r *datasourceResource) checkListsWork(ctx context.Context, c *client.Client, used references.Datasource) diag.Diagnostics {
	var diags diag.Diagnostics
	refs, scopeKey := r.data.references, strings.ToLower(used.Project)
	refs.mu.Lock()
	proven := refs.listsWork[scopeKey]
	refs.mu.Unlock()
	if proven {
		return diags
	}
	works, err := references.ListsWork(ctx, c, used.Project, used.Name)
	if goneWithItsProject(err) {
		return diags
	}
	if err != nil {
		diags.Append(cannotCheckUses(r.scope, used.Project, used.Name, err))
		return diags
	}
	if works {
		refs.mu.Lock()
		refs.listsWork[scopeKey] = true
		refs.mu.Unlock()
		return diags
	}
	what := r.scope.describe(used.Project, used.Name)
	diags.Append(diagnostics.AttributeError(path.Root(forceDestroyAttribute), "Cannot Check Which Dashboards Use the Datasource",
		fmt.Sprintf("The Perses server lists no dashboard, but its lists cannot be trusted: the list of its scope leaves out %s, "+
			"which the server does hold. Perses v0.54.0's file database answers every list with [] when its folder path has a capital letter, "+
			"so the provider cannot tell which dashboards use %s.", what, what),
		"Move the Perses database folder to an all-lowercase path; or, to delete the datasource without the check, set force_destroy = true "+
			"on this resource and apply, then destroy it."))
	return diags
}

// goneWithItsProject: the datasource's project was deleted during the check, and Perses deleted
// the datasource with it. Seen when a project and its datasources leave the configuration
// together and the CLI deletes them at once (OpenTofu, for a datasource imported in an earlier
// run: the state records no dependency on the project); the delete that follows finds nothing.
func goneWithItsProject(err error) bool { return errors.Is(err, client.ErrProjectNotFound) }

func cannotCheckUses(s scope, project, name string, err error) diag.Diagnostic {
	if isForbidden(err) {
		p := refusedPermission(err, dashboardsScope, "List", project)
		return diagnostics.AttributeErrorCause(path.Root(forceDestroyAttribute), "Cannot Check Which Dashboards Use the Datasource",
			fmt.Sprintf("Before deleting %s the provider lists the dashboards that use it, and the Perses server refused it (403): "+
				"the provider's identity lacks the permission %s.", s.describe(project, name), describePermission(p)),
			fmt.Sprintf("Grant %s; or, to delete it without the check, set force_destroy = true on this resource and apply, then destroy it.",
				grantingRoles(p)), err)
	}
	return diagnostics.AttributeErrorCause(path.Root(forceDestroyAttribute), "Cannot Check Which Dashboards Use the Datasource",
		fmt.Sprintf("Before deleting %s the provider lists the dashboards that use it, and that failed.", s.describe(project, name)),
		"Check the provider url and credentials (for a global datasource they need to read the dashboards of every project) and apply again; "+
			"or, to delete it without the check, set force_destroy = true on this resource and apply, then destroy it.", err)
}

// warnDashboardUses warns at plan that destroying (or replacing: action) the datasource in state
// will fail because dashboards use it. It is best effort, from the state and the plan's shared
// lists: a failed read only skips the warning (Delete checks again).
func (r *datasourceResource) warnDashboardUses(ctx context.Context, state tfsdk.State, action string, diags *diag.Diagnostics) {
	if r.data == nil || r.data.client == nil || state.Raw.IsNull() {
		return
	}
	var m datasourceResourceModel
	d := getDatasource(ctx, state, &m)
	if d.HasError() || m.ForceDestroy.ValueBool() || m.PluginKind.IsNull() {
		return
	}
	used := references.Datasource{Project: m.Project.ValueString(), Name: m.Name.ValueString(), Kind: m.PluginKind.ValueString(), Default: m.Default.ValueBool()}
	rr := referenceReader{c: r.data.client, cache: r.data.references}
	dashboards, err := rr.dashboards(ctx, used.Project)
	var uses []references.Use
	if err == nil {
		uses, err = rr.usesOf(ctx, used, dashboards)
	}
	if isForbidden(err) {
		diags.Append(skippedCheckWarning("Dashboard Use Check",
			fmt.Sprintf("which dashboards use %s before %s it (the apply refuses to delete a datasource dashboards use, and needs this read too)",
				r.scope.describe(used.Project, used.Name), strings.ToLower(action)),
			dashboardsScope, "List", used.Project, err))
		return
	}
	if err != nil {
		tflog.Debug(ctx, "Could not list the dashboards that use a datasource planned for deletion", map[string]any{"error": err.Error()})
		return
	}
	if len(uses) == 0 {
		return
	}
	diags.Append(usedByDashboardsWarning(r.scope, used, action, uses))
}

func usedByDashboardsWarning(s scope, used references.Datasource, action string, uses []references.Use) diag.Diagnostic {
	return diagnostics.AttributeWarning(path.Root(forceDestroyAttribute), action+" a Datasource Used by Dashboards",
		fmt.Sprintf("%s is used by %s:\n%s\nThe apply will fail when it deletes it, since force_destroy is not true.",
			s.describe(used.Project, used.Name), references.Count(len(uses)), references.List(uses)),
		"Point these dashboards at another datasource first (or delete them). To delete it anyway, set force_destroy = true on this resource "+
			"and apply, then destroy it.")
}
