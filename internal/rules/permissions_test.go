package rules

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/perses/perses/pkg/model/api/v1/role"
)

const (
	allActions    = `"read", "create", "update", "delete", "*"`
	allScopes     = `"Dashboard", "Datasource", "EphemeralDashboard", "Folder", "Project", "Role", "RoleBinding", "Secret", "Variable", "GlobalDatasource", "GlobalRole", "GlobalRoleBinding", "GlobalSecret", "GlobalVariable", "User", "*"`
	projectScopes = `"Dashboard", "Datasource", "EphemeralDashboard", "Folder", "Project", "Role", "RoleBinding", "Secret", "Variable", "*"`
)

func stringList(values ...string) types.List {
	elems := make([]types.String, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	l, _ := types.ListValueFrom(context.Background(), types.StringType, elems)
	return l
}

func validateList(v validator.List, at path.Path, value types.List) diag.Diagnostics {
	resp := &validator.ListResponse{}
	v.ValidateList(context.Background(), validator.ListRequest{Path: at, ConfigValue: value}, resp)
	return resp.Diagnostics
}

// The lists the messages give are exactly the values the pinned Perses accepts in its own spelling.
func TestPermissionEnumsArePersesOwnSpelling(t *testing.T) {
	for _, a := range Actions {
		got, err := role.GetAction(string(a))
		if err != nil || *got != a {
			t.Errorf("action %q: Perses answers %v, %v", a, got, err)
		}
	}
	for _, s := range Scopes {
		got, err := role.GetScope(string(s))
		if err != nil || *got != s {
			t.Errorf("scope %q: Perses answers %v, %v", s, got, err)
		}
	}
	if ActionList() != allActions || ScopeList() != allScopes || ProjectScopeList() != projectScopes {
		t.Errorf("lists:\n%s\n%s\n%s", ActionList(), ScopeList(), ProjectScopeList())
	}
}

// Perses accepts any letter case and keeps it as written, while its RBAC check compares exactly:
// a role with "datasource" would be stored and grant nothing, which is why the provider refuses it.
func TestPersesKeepsPermissionSpellingAsWritten(t *testing.T) {
	var p role.Permission
	if err := json.Unmarshal([]byte(`{"actions":["READ"],"scopes":["datasource"]}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.Actions[0] != "READ" || p.Scopes[0] != "datasource" {
		t.Errorf("Perses read %v", p)
	}
}

func TestPermissionActions(t *testing.T) {
	at := path.Root("permissions").AtListIndex(0).AtName("actions")
	cases := []struct {
		value  types.List
		detail string
	}{
		{value: types.ListNull(types.StringType)},
		{value: types.ListUnknown(types.StringType)},
		{value: stringList("read", "create", "update", "delete", "*")},
		{stringList("read", "Create"), `permissions[0].actions[1]: "Create" is not a Perses permission action (they are exact, lowercase words).` + "\n\n" +
			`Did you mean "create"? Write one of ` + allActions + "."},
		{stringList("reads"), `permissions[0].actions[0]: "reads" is not a Perses permission action (they are exact, lowercase words).` + "\n\n" +
			`Did you mean "read"? Write one of ` + allActions + "."},
		{stringList("write"), `permissions[0].actions[0]: "write" is not a Perses permission action (they are exact, lowercase words).` + "\n\n" +
			`Write one of ` + allActions + "."},
	}
	for _, c := range cases {
		t.Run(c.value.String(), func(t *testing.T) {
			var want diag.Diagnostics
			if c.detail != "" {
				var elems []types.String
				c.value.ElementsAs(context.Background(), &elems, false)
				for i, e := range elems {
					if _, _, ok := CheckAction(e.ValueString()); !ok {
						want.AddAttributeError(at.AtListIndex(i), "Invalid Permission Action", c.detail)
					}
				}
			}
			if got := validateList(PermissionActions(), at, c.value); !got.Equal(want) {
				t.Errorf("diagnostics:\n got %v\nwant %v", got, want)
			}
		})
	}
}

func TestPermissionScopes(t *testing.T) {
	at := path.Root("permissions").AtListIndex(1).AtName("scopes")
	cases := []struct {
		name        string
		projectRole bool
		value       types.List
		index       int
		detail      string
	}{
		{name: "every scope in a global role", value: stringList("Dashboard", "Datasource", "EphemeralDashboard", "Folder", "Project", "Role", "RoleBinding",
			"Secret", "Variable", "GlobalDatasource", "GlobalRole", "GlobalRoleBinding", "GlobalSecret", "GlobalVariable", "User", "*")},
		{name: "project scopes in a project role", projectRole: true, value: stringList("Dashboard", "Datasource", "Project", "*")},
		{name: "lowercase", value: stringList("Dashboard", "datasource"), index: 1,
			detail: `permissions[1].scopes[1]: "datasource" is not a Perses permission scope (scopes are kinds spelled as Perses spells them).` + "\n\n" +
				`Did you mean "Datasource"? Write one of ` + allScopes + "."},
		{name: "plural in a project role", projectRole: true, value: stringList("datasources"),
			detail: `permissions[1].scopes[0]: "datasources" is not a Perses permission scope (scopes are kinds spelled as Perses spells them).` + "\n\n" +
				`Did you mean "Datasource"? Write one of ` + projectScopes + "."},
		{name: "unknown", value: stringList("Panel"),
			detail: `permissions[1].scopes[0]: "Panel" is not a Perses permission scope (scopes are kinds spelled as Perses spells them).` + "\n\n" +
				`Write one of ` + allScopes + "."},
		{name: "global scope in a project role", projectRole: true, value: stringList("Datasource", "GlobalDatasource"), index: 1,
			detail: `permissions[1].scopes[1]: "GlobalDatasource" is a global scope, and Perses refuses it in a project role (a Role grants rights in its project only).` + "\n\n" +
				`Put this permission in a perses_global_role bound by a perses_global_role_binding, or write one of the project scopes: ` + projectScopes + "."},
		{name: "User in a project role", projectRole: true, value: stringList("User"),
			detail: `permissions[1].scopes[0]: "User" is a global scope, and Perses refuses it in a project role (a Role grants rights in its project only).` + "\n\n" +
				`Put this permission in a perses_global_role bound by a perses_global_role_binding, or write one of the project scopes: ` + projectScopes + "."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var want diag.Diagnostics
			if c.detail != "" {
				want.AddAttributeError(at.AtListIndex(c.index), "Invalid Permission Scope", c.detail)
			}
			if got := validateList(PermissionScopes(c.projectRole), at, c.value); !got.Equal(want) {
				t.Errorf("diagnostics:\n got %v\nwant %v", got, want)
			}
		})
	}
}

func TestNonEmptyList(t *testing.T) {
	at := path.Root("subjects")
	v := NonEmptyList("Perses refuses a role binding without subjects.", `Write at least one subject.`)
	if got := validateList(v, at, stringList("alice")); got.HasError() {
		t.Errorf("one element: %v", got)
	}
	var want diag.Diagnostics
	want.AddAttributeError(at, "Empty List", "subjects is empty: Perses refuses a role binding without subjects.\n\nWrite at least one subject.")
	if got := validateList(v, at, stringList()); !got.Equal(want) {
		t.Errorf("diagnostics:\n got %v\nwant %v", got, want)
	}
}

func TestSubjectKind(t *testing.T) {
	at := path.Root("subjects").AtListIndex(0).AtName("kind")
	checkString(t, SubjectKind(), at, "Invalid Subject Kind", []stringCase{
		{value: types.StringNull()},
		{value: types.StringValue("User")},
		{types.StringValue("user"), `subjects[0].kind is "user": Perses v0.54.0 binds roles to users only, and refuses any other subject kind.` + "\n\n" +
			`Write kind = "User", or leave kind out (it defaults to "User").`},
		{types.StringValue("Group"), `subjects[0].kind is "Group": Perses v0.54.0 binds roles to users only, and refuses any other subject kind.` + "\n\n" +
			`Write kind = "User", or leave kind out (it defaults to "User").`},
	})
}
