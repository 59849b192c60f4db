package client

import (
	"fmt"
	"net/http"
	"testing"
)

func TestMissingPermissionOfTheServersMessages(t *testing.T) {
	tests := []struct {
		status  int
		message string
		want    MissingPermission
		ok      bool
	}{
		{403, "forbidden access: missing 'create' permission in 'team-a' project for 'Datasource' kind",
			MissingPermission{Action: "create", Project: "team-a", Scope: "Datasource"}, true},
		{403, "forbidden access: missing 'read' permission in 'team-a' project for 'Secret' kind",
			MissingPermission{Action: "read", Project: "team-a", Scope: "Secret"}, true},
		{403, "forbidden access: missing 'delete' global permission for 'GlobalDatasource' kind",
			MissingPermission{Action: "delete", Scope: "GlobalDatasource"}, true},
		// A project create, and the secret check of a global datasource: checked on every project.
		{403, "forbidden access: missing 'create' permission for 'Project' kind", MissingPermission{Action: "create", Scope: "Project"}, true},
		{403, "forbidden access: missing 'read' permission for 'GlobalSecret' kind", MissingPermission{Action: "read", Scope: "GlobalSecret"}, true},
		// Refusals that name no permission.
		{403, `forbidden access: you are not allowed to use this endpoint "/admin" with the HTTP method GET`, MissingPermission{}, false},
		{403, "<html>403 Forbidden</html>", MissingPermission{}, false},
		{400, "bad request: missing 'create' permission for 'Project' kind", MissingPermission{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.message, func(t *testing.T) {
			err := fmt.Errorf("wrapped: %w", newAPIError("POST", "/api/v1/x", tt.status, http.Header{}, []byte(fmt.Sprintf(`{"message": %q}`, tt.message))))
			got, ok := MissingPermissionOf(err)
			if got != tt.want || ok != tt.ok {
				t.Errorf("MissingPermissionOf = %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}
