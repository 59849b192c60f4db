package testbed

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"

	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/perses/pkg/model/api/v1/role"
)

// adminUsername is the user provisioned on servers with auth on.
const adminUsername = "admin"

// With auth on, nothing can be created before someone can log in, and the server has no
// bootstrap user: the first admin comes from its provisioning folder, which it reads at start.
// The admin is a native User bound to a GlobalRole allowing every action on every scope.
func writeAdminProvisioning(dir, password string) error {
	user := v1.User{
		Kind:     v1.KindUser,
		Metadata: v1.Metadata{Name: adminUsername},
		Spec:     v1.UserSpec{NativeProvider: v1.NativeProvider{Password: password}},
	}
	globalRole := v1.GlobalRole{
		Kind:     v1.KindGlobalRole,
		Metadata: v1.Metadata{Name: adminUsername},
		Spec: v1.RoleSpec{Permissions: []role.Permission{{
			Actions: []role.Action{role.WildcardAction},
			Scopes:  []role.Scope{role.WildcardScope},
		}}},
	}
	binding := v1.GlobalRoleBinding{
		Kind:     v1.KindGlobalRoleBinding,
		Metadata: v1.Metadata{Name: adminUsername},
		Spec: v1.RoleBindingSpec{
			Role:     adminUsername,
			Subjects: []v1.Subject{{Kind: v1.KindUser, Name: adminUsername}},
		},
	}
	// One file, in dependency order: the server applies a file's objects in order.
	data, err := json.MarshalIndent([]any{user, globalRole, binding}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "admin.json"), data, 0o600)
}

// randomPassword returns a fresh password for the provisioned admin.
func randomPassword() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
