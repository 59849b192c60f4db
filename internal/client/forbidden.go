package client

import (
	"errors"
	"net/http"
	"regexp"
)

// MissingPermission is what Perses said a refusal (403) lacked: an action on a scope, in one
// project or globally. Perses v0.54.0 names it in the message of every RBAC refusal
// (internal/api/toolbox and the datasource services), in one of three forms.
type MissingPermission struct {
	// Action is read, create, update or delete; Scope a Perses RBAC scope (Datasource,
	// GlobalDatasource, Secret, GlobalSecret, Project...).
	Action, Scope string
	// Project is the project of a project permission; "" for a global one.
	Project string
}

var (
	// Perses' message for a project permission: "missing 'create' permission in 'team-a' project for 'Datasource' kind".
	missingProjectPermission = regexp.MustCompile(`missing '([^']*)' permission in '([^']*)' project for '([^']*)' kind$`)
	// "missing 'create' global permission for 'GlobalDatasource' kind", and the form without
	// "global" of a project create or of a global datasource's secret ("missing 'read'
	// permission for 'GlobalSecret' kind"): both are checked on the wildcard project.
	missingGlobalPermission = regexp.MustCompile(`missing '([^']*)' (?:global )?permission for '([^']*)' kind$`)
)

// MissingPermissionOf returns the permission a 403 from Perses names, and false when err is
// not a 403 or its message names none (a reverse proxy's refusal, the proxy's "you are not
// allowed to use this endpoint").
func MissingPermissionOf(err error) (MissingPermission, bool) {
	var api *APIError
	if !errors.As(err, &api) || api.StatusCode != http.StatusForbidden {
		return MissingPermission{}, false
	}
	if m := missingProjectPermission.FindStringSubmatch(api.Message); m != nil {
		return MissingPermission{Action: m[1], Project: m[2], Scope: m[3]}, true
	}
	if m := missingGlobalPermission.FindStringSubmatch(api.Message); m != nil {
		return MissingPermission{Action: m[1], Scope: m[2]}, true
	}
	return MissingPermission{}, false
}
