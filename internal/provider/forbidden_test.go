package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/client"
)

func forbidden(path, message string) error {
	return &client.APIError{Method: "POST", Path: path, StatusCode: 403, Message: message}
}

// TestForbiddenErrorNamesObjectPermissionAndRole: every refusal names the object, the
// permission Perses says is missing (or, when its message names none, the one the operation
// needs) and the role that would grant it.
func TestForbiddenErrorNamesObjectPermissionAndRole(t *testing.T) {
	tests := []struct {
		name                 string
		scope                scope
		op, project, object  string
		err                  error
		wantSummary, wantDet string
	}{
		{
			name: "global datasource create", scope: globalScope, op: "Create", object: "prom",
			err: forbidden("/api/v1/globaldatasources", "forbidden access: missing 'create' global permission for 'GlobalDatasource' kind"),
			wantDet: `The Perses server refused to let the provider's identity create global datasource "prom" (403): its roles lack the permission ` +
				`create on scope "GlobalDatasource" (a global permission).` + "\n\n" +
				`Grant it with a GlobalRole with action "create" on scope "GlobalDatasource", bound to the provider's user by a GlobalRoleBinding ` +
				`(a project Role cannot hold a global scope); or run with credentials that have it.` + "\n\n" +
				`Original error: POST /api/v1/globaldatasources: 403 forbidden access: missing 'create' global permission for 'GlobalDatasource' kind`,
		},
		{
			name: "project datasource needs secret read", scope: projectScope, op: "Update", project: "team-a", object: "prom",
			err: forbidden("/api/v1/projects/team-a/datasources/prom", "forbidden access: missing 'read' permission in 'team-a' project for 'Secret' kind"),
			wantDet: `The Perses server refused to let the provider's identity update project datasource "team-a/prom" (403): its roles lack the permission ` +
				`read on scope "Secret" in project "team-a". Perses checks it when a datasource's proxy names a secret: writing such a datasource needs read on "Secret".` + "\n\n" +
				`Grant it with a Role in project "team-a" with action "read" on scope "Secret", bound to the provider's user by a RoleBinding in that project, ` +
				`or a GlobalRole with action "read" on scope "Secret", bound to the provider's user by a GlobalRoleBinding (a GlobalRole applies in every project); ` +
				`or run with credentials that have it.` + "\n\n" +
				`Original error: POST /api/v1/projects/team-a/datasources/prom: 403 forbidden access: missing 'read' permission in 'team-a' project for 'Secret' kind`,
		},
		{
			name: "project create", scope: projectsScope, op: "Create", project: "team-c", object: "team-c",
			err: forbidden("/api/v1/projects", "forbidden access: missing 'create' permission for 'Project' kind"),
			wantDet: `The Perses server refused to let the provider's identity create project "team-c" (403): its roles lack the permission ` +
				`create on scope "Project" (a global permission).` + "\n\n" +
				`Grant it with a GlobalRole with action "create" on scope "Project", bound to the provider's user by a GlobalRoleBinding ` +
				`(creating a project needs a global permission; Perses then makes the creator the owner of the new project); or run with credentials that have it.` + "\n\n" +
				`Original error: POST /api/v1/projects: 403 forbidden access: missing 'create' permission for 'Project' kind`,
		},
		{
			// A reverse proxy's 403 names no permission: the one the operation needs is described.
			name: "secret delete refused by a proxy", scope: projectSecretScope, op: "Delete", project: "team-a", object: "creds",
			err: forbidden("/api/v1/projects/team-a/secrets/creds", "<html>403 Forbidden</html>"),
			wantDet: `The Perses server refused to let the provider's identity delete project secret "team-a/creds" (403): its roles lack the permission ` +
				`delete on scope "Secret" in project "team-a".` + "\n\n" +
				`Grant it with a Role in project "team-a" with action "delete" on scope "Secret", bound to the provider's user by a RoleBinding in that project, ` +
				`or a GlobalRole with action "delete" on scope "Secret", bound to the provider's user by a GlobalRoleBinding (a GlobalRole applies in every project); ` +
				`or run with credentials that have it.` + "\n\n" +
				`Original error: POST /api/v1/projects/team-a/secrets/creds: 403 <html>403 Forbidden</html>`,
		},
		{
			name: "project read refused by a proxy", scope: projectsScope, op: "Read", project: "team-a", object: "team-a",
			err: forbidden("/api/v1/projects/team-a", ""),
			wantDet: `The Perses server refused to let the provider's identity read project "team-a" (403): its roles lack the permission ` +
				`read on scope "Project" in project "team-a".` + "\n\n" +
				`Grant it with a Role in project "team-a" with action "read" on scope "Project", bound to the provider's user by a RoleBinding in that project, ` +
				`or a GlobalRole with action "read" on scope "Project", bound to the provider's user by a GlobalRoleBinding (a GlobalRole applies in every project); ` +
				`or run with credentials that have it.` + "\n\n" +
				`Original error: POST /api/v1/projects/team-a: 403 forbidden`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := forbiddenError("Cannot Do It", tt.scope, tt.op, tt.project, tt.object, tt.err)
			if d.Summary() != "Cannot Do It" || d.Detail() != tt.wantDet {
				t.Errorf("got\n%s\n%s\nwant detail\n%s", d.Summary(), d.Detail(), tt.wantDet)
			}
		})
	}
}

// TestScopedAPIErrorSeparatesForbiddenFromUnauthorized: a 401 is about the credentials, a 403
// about the roles.
func TestScopedAPIErrorSeparatesForbiddenFromUnauthorized(t *testing.T) {
	unauthorized := scopedAPIError(globalScope, "Read", "", "prom", &client.APIError{Method: "GET", Path: "/api/v1/globaldatasources/prom", StatusCode: 401, Message: "invalid or expired jwt"})
	want := `The Perses server did not let the provider read global datasource "prom".` + "\n\n" +
		`Check the provider's credentials (username and password, token or oauth): the server did not accept them.` + "\n\n" +
		`Original error: GET /api/v1/globaldatasources/prom: 401 invalid or expired jwt`
	if unauthorized.Detail() != want {
		t.Errorf("401: got\n%s\nwant\n%s", unauthorized.Detail(), want)
	}
	refused := scopedAPIError(globalScope, "Read", "", "prom", forbidden("/api/v1/globaldatasources/prom", "forbidden access: missing 'read' global permission for 'GlobalDatasource' kind"))
	if refused.Summary() != "Cannot Read Perses Datasource" {
		t.Errorf("403: summary %q", refused.Summary())
	}
}

func TestSkippedCheckWarningNamesTheCheckAndThePermission(t *testing.T) {
	d := skippedCheckWarning("Default Datasource Check", "that no other PrometheusDatasource datasource is the default in project \"team-b\"",
		projectScope, "List", "team-b", forbidden("/api/v1/projects/team-b/datasources", "forbidden access: missing 'read' permission in 'team-b' project for 'Datasource' kind"))
	want := `The plan could not check that no other PrometheusDatasource datasource is the default in project "team-b": the Perses server refused the read (403), ` +
		`the provider's identity lacks the permission read on scope "Datasource" in project "team-b". This plan is not proof of it: the apply may still fail for this reason.` + "\n\n" +
		`To have it checked at plan, grant a Role in project "team-b" with action "read" on scope "Datasource", bound to the provider's user by a RoleBinding in that project, ` +
		`or a GlobalRole with action "read" on scope "Datasource", bound to the provider's user by a GlobalRoleBinding (a GlobalRole applies in every project).` + "\n\n" +
		`Original error: POST /api/v1/projects/team-b/datasources: 403 forbidden access: missing 'read' permission in 'team-b' project for 'Datasource' kind`
	if d.Summary() != "Default Datasource Check Skipped" || d.Detail() != want {
		t.Errorf("got\n%s\n%s\nwant\n%s", d.Summary(), d.Detail(), want)
	}
}

func TestListErrorOfARefusalNamesThePermission(t *testing.T) {
	d := projectScope.listError(listFilter{Project: types.StringValue("team-b")},
		forbidden("/api/v1/projects/team-b/datasources", "forbidden access: missing 'read' permission in 'team-b' project for 'Datasource' kind"))
	want := `The Perses server refused to let the provider's identity list the project datasources of project "team-b" (403): ` +
		`its roles lack the permission read on scope "Datasource" in project "team-b".` + "\n\n" +
		`Grant it with a Role in project "team-b" with action "read" on scope "Datasource", bound to the provider's user by a RoleBinding in that project, ` +
		`or a GlobalRole with action "read" on scope "Datasource", bound to the provider's user by a GlobalRoleBinding (a GlobalRole applies in every project); ` +
		`or run with credentials that have it.` + "\n\n" +
		`Original error: POST /api/v1/projects/team-b/datasources: 403 forbidden access: missing 'read' permission in 'team-b' project for 'Datasource' kind`
	if d.Summary() != "Cannot List Perses Datasources" || d.Detail() != want {
		t.Errorf("got\n%s\n%s\nwant\n%s", d.Summary(), d.Detail(), want)
	}
}
