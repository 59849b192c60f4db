package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// rbacListCases are the list cases of the roles and role bindings (see listCase), in both scopes:
// Perses serves them only with auth on.
func rbacListCases() []listCase {
	lower := strings.ToLower
	idOf := func(s scope, project, name string) map[string]knownvalue.Check {
		id := map[string]knownvalue.Check{"name": knownvalue.StringExact(lower(name))}
		if s.project {
			id["project"] = knownvalue.StringExact(lower(project))
		}
		return id
	}
	withProject := func(s scope, project, config string) string {
		if s.project {
			return fmt.Sprintf("resource \"perses_project\" \"team\" {\n  name = %q\n}\n", project) + config
		}
		return config
	}
	// roles declares two roles of the scope of roleScope: "<prefix>-reader" (one permission) and
	// "<prefix>-writer" (two).
	roles := func(roleScope scope, prefix string) string {
		read, write := `["Datasource"]`, `["Dashboard", "Folder"]`
		if !roleScope.project {
			read, write = `["GlobalDatasource"]`, `["GlobalVariable", "GlobalSecret"]`
		}
		return fmt.Sprintf(`resource %[1]q "reader" {
%[2]s  name        = "%[3]s-reader"
  permissions = [{ actions = ["read"], scopes = %[4]s }]
}
resource %[1]q "writer" {
%[2]s  name        = "%[3]s-writer"
  permissions = [{ actions = ["*"], scopes = %[5]s }, { actions = ["read"], scopes = %[4]s }]
}
`, roleScope.typeName(), projectLine(roleScope), prefix, read, write)
	}
	query := func(s scope, prefix, project, one string) string {
		return listBlock(s, "all", false, listFilters(s, project, fmt.Sprintf("name_prefix = %q", prefix))...) +
			listBlock(s, "one", true, listFilters(s, project, fmt.Sprintf("name_prefix = %q", one))...) +
			everyProjectBlock(s, prefix)
	}
	roleCase := func(s scope) listCase {
		return listCase{
			scope:  s,
			config: func(prefix, project string) string { return withProject(s, project, roles(s, prefix)) },
			query:  func(prefix, project string) string { return query(s, prefix, project, prefix+"-writer") },
			checks: func(prefix, project string) []querycheck.QueryResultCheck {
				at := func(block string) string { return s.typeName() + "." + block }
				checks := []querycheck.QueryResultCheck{
					querycheck.ExpectLength(at("all"), 2),
					querycheck.ExpectLength(at("one"), 1),
					querycheck.ExpectIdentity(at("all"), idOf(s, project, prefix+"-reader")),
					querycheck.ExpectIdentity(at("all"), idOf(s, project, prefix+"-writer")),
					querycheck.ExpectResourceDisplayName(at("one"), nil,
						knownvalue.StringExact(fmt.Sprintf("%s (2 permissions)", s.id(lower(project), prefix+"-writer")))),
					querycheck.ExpectResourceKnownValues(at("one"), nil, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(s.id(lower(project), prefix+"-writer"))},
						{Path: tfjsonpath.New("permissions"), KnownValue: knownvalue.ListSizeExact(2)},
						{Path: tfjsonpath.New("permissions").AtSliceIndex(0).AtMapKey("actions"), KnownValue: knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("*")})},
					}),
				}
				if s.project {
					checks = append(checks,
						querycheck.ExpectLengthAtLeast(at("every_project"), 2),
						querycheck.ExpectIdentity(at("every_project"), idOf(s, project, prefix+"-reader")))
				}
				return checks
			},
		}
	}
	bindingCase := func(s, roleScope scope) listCase {
		return listCase{
			scope: s,
			config: func(prefix, project string) string {
				return withProject(s, project, roles(roleScope, prefix)+fmt.Sprintf(`resource %[1]q "readers" {
%[2]s  name     = "%[3]s-readers"
  role     = %[4]s.reader.name
  subjects = [{ name = %[5]q }]
}
`, s.typeName(), projectLine(s), prefix, roleScope.typeName(), rbacAlice.Name))
			},
			query: func(prefix, project string) string { return query(s, prefix, project, prefix+"-readers") },
			checks: func(prefix, project string) []querycheck.QueryResultCheck {
				at := func(block string) string { return s.typeName() + "." + block }
				checks := []querycheck.QueryResultCheck{
					querycheck.ExpectLength(at("all"), 1),
					querycheck.ExpectIdentity(at("all"), idOf(s, project, prefix+"-readers")),
					querycheck.ExpectResourceDisplayName(at("one"), nil,
						knownvalue.StringExact(fmt.Sprintf("%s (role %s-reader: %s)", s.id(lower(project), prefix+"-readers"), prefix, rbacAlice.Name))),
					querycheck.ExpectResourceKnownValues(at("one"), nil, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("role"), KnownValue: knownvalue.StringExact(prefix + "-reader")},
						{Path: tfjsonpath.New("subjects").AtSliceIndex(0).AtMapKey("kind"), KnownValue: knownvalue.StringExact("User")},
						{Path: tfjsonpath.New("subjects").AtSliceIndex(0).AtMapKey("name"), KnownValue: knownvalue.StringExact(rbacAlice.Name)},
					}),
				}
				if s.project {
					checks = append(checks, querycheck.ExpectIdentity(at("every_project"), idOf(s, project, prefix+"-readers")))
				}
				return checks
			},
		}
	}
	return []listCase{
		roleCase(projectRoleScope),
		roleCase(globalRoleScope),
		bindingCase(projectRoleBindingScope, projectRoleScope),
		bindingCase(globalRoleBindingScope, globalRoleScope),
	}
}

// TestAccListRBACResources: the role and role binding list resources find what Terraform made,
// with the server's identities and display names, and (include_resource) the resource as an
// import stores it. A CLI without terraform query refuses the command.
func TestAccListRBACResources(t *testing.T) {
	runListCases(t, adminConfig(rolesServer(t)), rbacListCases())
}
