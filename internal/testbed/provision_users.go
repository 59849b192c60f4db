package testbed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/perses/pkg/model/api/v1/role"
)

// ProvisionedUser is a native user a server with Auth is provisioned with, beside the admin,
// holding only the permissions given here: the identity of a CI job allowed part of the work.
type ProvisionedUser struct {
	// Name is the login; Password its native password (both required).
	Name, Password string
	// GlobalPermissions go in a GlobalRole named after the user (prefixed "testbed-"), bound to
	// it by a GlobalRoleBinding: they apply in every project and to the global scopes.
	GlobalPermissions []role.Permission
	// ProjectPermissions go, for each project, in a Role of that project named after the user
	// (prefixed "testbed-", so as not to collide with the owner/editor/viewer roles Perses
	// creates with a project), bound by a RoleBinding. The projects are provisioned too: Perses
	// refuses to provision a Role whose project does not exist. A project Role cannot use the
	// global scopes (GlobalDatasource, GlobalSecret, GlobalRole, GlobalRoleBinding,
	// GlobalVariable, User): Perses rejects such a Role, so the test bed does first.
	ProjectPermissions map[string][]role.Permission
}

// roleName is the name of the roles and bindings the test bed provisions for the user.
func (u ProvisionedUser) roleName() string { return "testbed-" + u.Name }

// check refuses what the server would reject or silently skip while provisioning.
func (u ProvisionedUser) check() error {
	switch {
	case u.Name == "" || u.Password == "":
		return errors.New("testbed: a ProvisionedUser needs a Name and a Password")
	case strings.EqualFold(u.Name, adminUsername):
		return fmt.Errorf("testbed: ProvisionedUser %q: the name is the provisioned admin's", u.Name)
	}
	for project, permissions := range u.ProjectPermissions {
		for _, p := range permissions {
			for _, scope := range p.Scopes {
				if role.IsGlobalScope(scope) {
					return fmt.Errorf("testbed: ProvisionedUser %q: project %q: scope %q is global and a project Role cannot hold it; "+
						"put it in GlobalPermissions", u.Name, project, scope)
				}
			}
		}
	}
	return nil
}

// provisionedObjects are the user, its projects, roles and bindings, in dependency order.
func (u ProvisionedUser) provisionedObjects() []any {
	objects := []any{}
	projects := make([]string, 0, len(u.ProjectPermissions))
	for project := range u.ProjectPermissions {
		projects = append(projects, project)
	}
	sort.Strings(projects)
	for _, project := range projects {
		objects = append(objects, v1.Project{Kind: v1.KindProject, Metadata: v1.Metadata{Name: project}})
	}
	objects = append(objects, v1.User{
		Kind:     v1.KindUser,
		Metadata: v1.Metadata{Name: u.Name},
		Spec:     v1.UserSpec{NativeProvider: v1.NativeProvider{Password: u.Password}},
	})
	subjects := []v1.Subject{{Kind: v1.KindUser, Name: u.Name}}
	if len(u.GlobalPermissions) > 0 {
		objects = append(objects,
			v1.GlobalRole{Kind: v1.KindGlobalRole, Metadata: v1.Metadata{Name: u.roleName()}, Spec: v1.RoleSpec{Permissions: u.GlobalPermissions}},
			v1.GlobalRoleBinding{Kind: v1.KindGlobalRoleBinding, Metadata: v1.Metadata{Name: u.roleName()},
				Spec: v1.RoleBindingSpec{Role: u.roleName(), Subjects: subjects}})
	}
	for _, project := range projects {
		objects = append(objects,
			v1.Role{Kind: v1.KindRole, Metadata: *v1.NewProjectMetadata(project, u.roleName()),
				Spec: v1.RoleSpec{Permissions: u.ProjectPermissions[project]}},
			v1.RoleBinding{Kind: v1.KindRoleBinding, Metadata: *v1.NewProjectMetadata(project, u.roleName()),
				Spec: v1.RoleBindingSpec{Role: u.roleName(), Subjects: subjects}})
	}
	return objects
}

// writeUsersProvisioning writes one file per user into the provisioning folder.
func writeUsersProvisioning(dir string, users []ProvisionedUser) error {
	for _, u := range users {
		if err := u.check(); err != nil {
			return err
		}
		data, err := json.MarshalIndent(u.provisionedObjects(), "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "user-"+u.Name+".json"), data, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// usersReady waits for what provisioning does after the server listens: each user can log in,
// and the server's permission cache holds every project the user was given a Role in and its
// global permissions (GET /api/v1/users/{name}/permissions, which a user may read for itself).
func (s *Server) usersReady(ctx context.Context) (bool, error) {
	for _, u := range s.Options.Users {
		token, err := s.LoginAs(ctx, u.Name, u.Password)
		if err != nil {
			return false, err
		}
		var permissions map[string][]role.Permission
		status, err := s.getJSON(ctx, "/api/v1/users/"+u.Name+"/permissions", token, &permissions)
		if err != nil {
			return false, err
		}
		if status != 200 {
			return false, fmt.Errorf("testbed: GET the permissions of %s: status %d", u.Name, status)
		}
		for project := range u.ProjectPermissions {
			if len(permissions[strings.ToLower(project)]) == 0 && len(permissions[project]) == 0 {
				return false, fmt.Errorf("testbed: user %s has no permission in project %q yet", u.Name, project)
			}
		}
		if len(permissions[v1.WildcardProject]) < len(u.GlobalPermissions) {
			return false, fmt.Errorf("testbed: user %s has no global permission yet", u.Name)
		}
	}
	return true, nil
}
