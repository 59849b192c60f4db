package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/perses/terraform-provider-perses/internal/client"
	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// checkNameFree catches, at the plan of a create, a name that the server already stores under
// another spelling: Perses on a SQL database with case_sensitive: true keeps "Prom" and "prom"
// apart in its API, but MariaDB's and MySQL's default collations compare them equal, so after
// "Prom" exists a GET of "prom" answers the "Prom" document and a create of "prom" answers 409 at
// apply. (A file database with case_sensitive: true holds both; one with case_sensitive: false
// lowercases both to "prom": creating "Prom" beside "prom" fails the same way.)
//
// The scope's list (one per scope and plan, shared with the refreshes) names the candidates; only
// a name that differs by case alone is read again by GET, which decides: a server that keeps the
// two apart answers 404 for the new spelling.
func (r *datasourceResource) checkNameFree(ctx context.Context, c *client.Client, project, name string) diag.Diagnostics {
	var diags diag.Diagnostics
	list, err := r.data.online.datasourceList(ctx, c, project)
	if isForbidden(err) {
		diags.Append(skippedCheckWarning("Name Collision Check",
			fmt.Sprintf("that %s is free (no datasource of %s holds the same name with other capitals)", r.scope.describe(project, name), r.scope.where(project)),
			r.scope, "List", project, err))
		return diags
	}
	if err != nil {
		return diags // the project may not exist yet: the project check says so
	}
	for stored := range list {
		if stored == name || !strings.EqualFold(stored, name) {
			continue
		}
		storedProject, storedName, err := r.scope.storedIdentity(ctx, c, project, name)
		switch {
		case errors.Is(err, client.ErrNotFound), err == nil && storedName == name:
			continue // the server keeps the two spellings apart
		case err != nil:
			return diags
		}
		diags.Append(nameCollisionError(r.scope, project, name, storedProject, storedName))
		return diags
	}
	return diags
}

// nameCollisionError says that name, planned for a create, designates the object the server
// stores as stored (in storedProject): the same name but for case.
func nameCollisionError(s scope, project, name, storedProject, stored string) diag.Diagnostic {
	cause := "Its stored spelling has capitals, so the server runs with case_sensitive: true on a SQL database whose collation is " +
		"case-insensitive (the default of MariaDB and MySQL, e.g. utf8mb4_general_ci)"
	if stored == strings.ToLower(stored) {
		cause = "Either its database runs with case_sensitive: false (names are stored lowercased), or with case_sensitive: true on a " +
			"SQL database whose collation is case-insensitive (the default of MariaDB and MySQL, e.g. utf8mb4_general_ci)"
	}
	return diagnostics.AttributeError(path.Root("name"), "Name Collides With Another Spelling",
		fmt.Sprintf("The Perses server already holds %s, and it answers for %s too: it compares these names without regard to case. "+
			"%s, so this create would fail at apply with \"already exists\".",
			s.describe(storedProject, stored), s.describe(project, name), cause),
		fmt.Sprintf("Choose a name that differs from %q by more than case, or import the existing one (terraform import perses_%s.<name> %s) and use its spelling. "+
			"To keep both on a SQL database, its collation must be case-sensitive (e.g. utf8mb4_bin).",
			stored, s.typeSuffix(), s.id(storedProject, stored)))
}
