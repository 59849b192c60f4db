package client

import (
	"context"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// Users (kind User, /api/v1/users) are global objects. What Perses v0.54.0 does with them,
// measured against the real server (TestUserRoutesOnRealServer, TestUsersWithAuthOffOnRealServer):
//   - With auth off the users API works as with auth on (create, get, list, delete), but the
//     native login route answers 404: the users are stored and nobody can log in as them.
//   - POST needs spec.nativeProvider.password (400 "password cannot be empty" without one): the
//     API creates native users only. Perses stores a bcrypt hash of the password.
//   - GET, LIST and the answers of POST and PUT never hold the password nor its hash:
//     nativeProvider.password is "<secret>" when the user has one, absent otherwise.
//   - PUT replaces the user but for three fields it keeps when the body leaves them empty: the
//     password (after an update without nativeProvider.password the old one still logs in),
//     firstName and lastName. So a PUT cannot clear a name. A PUT with a new password: the new
//     one logs in, the old one gets 400 "wrong login or password".
//   - A user with oauthProviders (made by an OIDC or OAuth provider at its first login) has no
//     password and reads back with its oauthProviders. A PUT with a password and without
//     oauthProviders makes it a native user and drops them. A PUT with both is refused (400
//     "mutually exclusive"); one adding oauthProviders to a native user without a password is
//     stored with both, and from then on every read of that user, every list of users and its
//     login answer 500. This client never sends oauthProviders.
//   - metadata.version starts at 0 and increases with every write.

var users = &globalKind[v1.User]{
	object:     "user",
	collection: "users",
	name:       func(u *v1.User) string { return u.Metadata.Name },
	wire: func(u *v1.User) *v1.User {
		wire := *u
		wire.Kind = v1.KindUser
		return &wire
	},
	// The password is never read back: the names are what can be compared.
	same: func(got, sent *v1.User) bool {
		return got.Spec.FirstName == sent.Spec.FirstName && got.Spec.LastName == sent.Spec.LastName
	},
}

// GetUser reads one user (Perses never answers its password). A missing one satisfies
// ErrNotFound. A server whose database is not case-sensitive finds "alice" for "Alice" and
// answers the stored spelling.
func (c *Client) GetUser(ctx context.Context, name string) (*v1.User, error) {
	return users.get(ctx, c, name)
}

// ListUsers lists the users whose name starts with namePrefix ("" for all). Like every list, it
// may wrongly answer [] on a file database (see ListDatasources).
func (c *Client) ListUsers(ctx context.Context, namePrefix string) ([]*v1.User, error) {
	return users.list(ctx, c, namePrefix)
}

// CreateUser creates a native user (u.Spec.NativeProvider.Password is required) and returns what
// Perses stored, without the password.
func (c *Client) CreateUser(ctx context.Context, u *v1.User) (*v1.User, error) {
	return users.create(ctx, c, u)
}

// UpdateUser replaces the user named u.Metadata.Name. An empty password, first name or last
// name keeps the stored one (see above).
func (c *Client) UpdateUser(ctx context.Context, u *v1.User) (*v1.User, error) {
	return users.update(ctx, c, u)
}

// DeleteUser deletes a user. A missing one satisfies ErrNotFound, except when an earlier attempt
// of this same call may have deleted it.
func (c *Client) DeleteUser(ctx context.Context, name string) error {
	return users.delete(ctx, c, name)
}
