package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// What each list finds, described with the resources' own models and conversions, so that a
// listed resource is exactly what an import of the same object stores.

// listDatasources lists the datasources of the scope (every project's, for a project list
// without project), filtered by the server.
func (s scope) listDatasources(ctx context.Context, data *providerData, c *client.Client, f listFilter) ([]listedObject, diag.Diagnostics, error) {
	filter := client.DatasourceFilter{Kind: f.PluginKind.ValueString(), NamePrefix: f.NamePrefix.ValueString()}
	if !f.Default.IsNull() {
		isDefault := f.Default.ValueBool()
		filter.Default = &isDefault
	}
	var list []*v1.Datasource
	var err error
	if s.project && f.Project.IsNull() {
		list, err = c.ListDatasourcesOfAllProjects(ctx, filter)
	} else {
		list, err = c.ListDatasources(ctx, s.projectOf(f.Project.ValueString()), filter)
	}
	if err != nil {
		return nil, nil, err
	}
	var warnings diag.Diagnostics
	if len(list) == 0 && filter.Kind != "" {
		// An empty answer for a kind the server lacks is a typo more often than a fact.
		if installed, err := data.online.datasourceKinds(ctx, c); err == nil && !slices.Contains(installed, filter.Kind) {
			warnings.Append(notInstalledWarning(filter.Kind, installed))
		}
	}
	found := make([]listedObject, 0, len(list))
	for _, ds := range list {
		display := fmt.Sprintf("%s (%s)", s.id(ds.Metadata.Project, ds.Metadata.Name), ds.Spec.Plugin.Kind)
		if ds.Spec.Default {
			display = fmt.Sprintf("%s (%s, default)", s.id(ds.Metadata.Project, ds.Metadata.Name), ds.Spec.Plugin.Kind)
		}
		if ds.Spec.Display != nil && ds.Spec.Display.Name != "" {
			display += ": " + ds.Spec.Display.Name
		}
		found = append(found, listedObject{project: ds.Metadata.Project, name: ds.Metadata.Name, display: display,
			fill: func(ctx context.Context, into *tfsdk.Resource) diag.Diagnostics {
				// As ImportState then Read: the options at their default, the rest from the server.
				m := datasourceResourceModel{Verify: types.BoolValue(false), ForceDestroy: types.BoolValue(false)}
				diags := m.readFrom(ds, s)
				diags.Append(setDatasource(ctx, into, into.Schema.Type(), &m, s)...)
				return diags
			}})
	}
	return found, warnings, nil
}

// listProjects lists the projects, filtered by name prefix.
func listProjects(ctx context.Context, c *client.Client, f listFilter) ([]listedObject, error) {
	list, err := c.ListProjects(ctx, f.NamePrefix.ValueString())
	if err != nil {
		return nil, err
	}
	found := make([]listedObject, 0, len(list))
	for _, p := range list {
		display := p.Metadata.Name
		if p.Spec.Display != nil && p.Spec.Display.Name != "" {
			display += ": " + p.Spec.Display.Name
		}
		found = append(found, listedObject{name: p.Metadata.Name, display: display,
			fill: func(ctx context.Context, into *tfsdk.Resource) diag.Diagnostics {
				var m projectModel
				m.readFrom(p)
				return into.Set(ctx, m)
			}})
	}
	return found, nil
}

// listUsers lists the native users, filtered by name prefix. The users of OIDC and OAuth
// providers are left out, as perses_user does not manage them (see externalUserError); a warning
// names them. With the resources, a warning says the passwords must be supplied.
func listUsers(ctx context.Context, c *client.Client, f listFilter, includeResource bool) ([]listedObject, diag.Diagnostics, error) {
	list, err := c.ListUsers(ctx, f.NamePrefix.ValueString())
	if err != nil {
		return nil, nil, err
	}
	var external []string
	found := make([]listedObject, 0, len(list))
	for _, u := range list {
		if len(u.Spec.OauthProviders) > 0 {
			external = append(external, u.Metadata.Name)
			continue
		}
		display := u.Metadata.Name
		if full := strings.TrimSpace(u.Spec.FirstName + " " + u.Spec.LastName); full != "" {
			display += ": " + full
		}
		found = append(found, listedObject{name: u.Metadata.Name, display: display,
			fill: func(ctx context.Context, into *tfsdk.Resource) diag.Diagnostics {
				var m userModel
				m.readFrom(u, false)
				return setListed(into, func(st *tfsdk.State) diag.Diagnostics { return m.setState(ctx, st) })
			}})
	}
	var warnings diag.Diagnostics
	if len(external) > 0 {
		warnings.Append(diagnostics.Warning("Users of OIDC or OAuth Providers Not Listed",
			fmt.Sprintf("%d %s log in through an OIDC or OAuth provider, which created them at their first login (%s): perses_user manages native users only, "+
				"and applying one to such a user would make it a native user.", len(external), plural(len(external), "user"), externalList(external)),
			"Bind them by name in role bindings, and read them with the perses_user data source.", nil))
	}
	if includeResource && len(found) > 0 {
		warnings.Append(diagnostics.Warning("User Passwords Must Be Supplied",
			fmt.Sprintf("Perses never gives a password back, so the %d listed perses_user resources have none, and neither has a configuration "+
				"generated from them (terraform query -generate-config-out writes them as null).", len(found)),
			"Before applying the imports, give each user password_wo = ... with password_wo_version = 1 (Terraform/OpenTofu 1.11+; password = ... on older CLIs), "+
				"from a variable or a secret store: the apply then sets that password (the plan shows an update of each imported user).", nil))
	}
	return found, warnings, nil
}

// listSecrets lists the secrets of the scope (every project's, for a project list without
// project), filtered by name prefix. With the resources, a
// warning names the values the configuration must supply: Perses masks them all.
func (s scope) listSecrets(ctx context.Context, c *client.Client, f listFilter, includeResource bool) ([]listedObject, diag.Diagnostics, error) {
	var list []*v1.Secret
	var err error
	if s.project && f.Project.IsNull() {
		list, err = c.ListSecretsOfAllProjects(ctx, f.NamePrefix.ValueString())
	} else {
		list, err = c.ListSecrets(ctx, s.projectOf(f.Project.ValueString()), f.NamePrefix.ValueString())
	}
	if err != nil {
		return nil, nil, err
	}
	held := map[string]int{}
	found := make([]listedObject, 0, len(list))
	for _, sec := range list {
		blocks, values := secretContent(sec)
		for _, v := range values {
			held[v]++
		}
		found = append(found, listedObject{project: sec.Metadata.Project, name: sec.Metadata.Name,
			display: fmt.Sprintf("%s (%s)", s.id(sec.Metadata.Project, sec.Metadata.Name), strings.Join(blocks, ", ")),
			fill: func(ctx context.Context, into *tfsdk.Resource) diag.Diagnostics {
				var m secretModel
				diags := m.readFrom(sec, s, false)
				diags.Append(setListed(into, func(st *tfsdk.State) diag.Diagnostics { return m.set(ctx, st, s) })...)
				return diags
			}})
	}
	var warnings diag.Diagnostics
	if includeResource && len(held) > 0 {
		warnings.Append(secretValuesWarning(s, len(list), held))
	}
	return found, warnings, nil
}

// secretValueAttributes are the attributes of a secret whose value Perses masks, in the order
// messages name them, with whether the configuration has a write-only form of it.
var secretValueAttributes = []struct {
	block, name string
	writeOnly   bool
}{
	{basicAuthBlock, "password", true},
	{authorizationBlock, "credentials", true},
	{oauthBlock, "client_id", false},
	{oauthBlock, "client_secret", true},
	{tlsConfigBlock, "ca", false},
	{tlsConfigBlock, "cert", false},
	{tlsConfigBlock, "key", true},
}

// secretContent names the blocks a stored secret has, and the attributes of the values it holds
// (masked: Perses answers "<secret>" for each).
func secretContent(sec *v1.Secret) (blocks, values []string) {
	spec := sec.Spec
	hold := func(block, name, value string) {
		if value != "" {
			values = append(values, block+"."+name)
		}
	}
	if b := spec.BasicAuth; b != nil {
		blocks = append(blocks, basicAuthBlock)
		hold(basicAuthBlock, "password", b.Password)
	}
	if a := spec.Authorization; a != nil {
		blocks = append(blocks, authorizationBlock)
		hold(authorizationBlock, "credentials", a.Credentials)
	}
	if o := spec.OAuth; o != nil {
		blocks = append(blocks, oauthBlock)
		hold(oauthBlock, "client_id", o.ClientID)
		hold(oauthBlock, "client_secret", o.ClientSecret)
	}
	if t := spec.TLSConfig; t != nil {
		blocks = append(blocks, tlsConfigBlock)
		hold(tlsConfigBlock, "ca", t.CA)
		hold(tlsConfigBlock, "cert", t.Cert)
		hold(tlsConfigBlock, "key", t.Key)
	}
	return blocks, values
}

// secretValuesWarning says which values the configuration generated from listed secrets lacks,
// and how to supply them.
func secretValuesWarning(s scope, listed int, held map[string]int) diag.Diagnostic {
	var lines []string
	for _, a := range secretValueAttributes {
		name := a.block + "." + a.name
		n := held[name]
		if n == 0 {
			continue
		}
		form := fmt.Sprintf("%s = ...", a.name)
		if a.writeOnly {
			form = fmt.Sprintf("%s_wo = ... with %s_wo_version = 1 (Terraform/OpenTofu 1.11+; %s = ... on older CLIs)", a.name, a.name, a.name)
		}
		lines = append(lines, fmt.Sprintf("  - %s: %d %s; write %s", name, n, plural(n, "secret"), form))
	}
	return diagnostics.Warning("Secret Values Must Be Supplied",
		fmt.Sprintf("Perses never gives secret values back, so the %d listed %s resources have none, and neither has a configuration "+
			"generated from them (terraform query -generate-config-out writes them as null). Before applying the imports, supply:\n%s",
			listed, s.typeName(), strings.Join(lines, "\n")),
		"Give each value from a variable or a secret store, never as a literal: the apply then writes it to Perses "+
			"(the plan shows an update of each imported secret). See the guide \"Adopt an existing Perses\".", nil)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
