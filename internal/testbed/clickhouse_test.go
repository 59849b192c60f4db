package testbed

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestClickHouseBasicAuth: the test bed's ClickHouse runs a query for its user and refuses a
// wrong password and no credentials with 401.
func TestClickHouseBasicAuth(t *testing.T) {
	t.Parallel()
	ch := StartTestClickHouse(t, ClickHouseOptions{Username: "reader", Password: "right-password"})
	ctx := context.Background()
	for _, tc := range []struct {
		name, username, password string
		want                     int
	}{
		{"right password", "reader", "right-password", http.StatusOK},
		{"wrong password", "reader", "wrong-password", http.StatusUnauthorized},
		{"no credentials", "", "", http.StatusUnauthorized},
	} {
		status, body, err := ch.Query(ctx, "SELECT 1", tc.username, tc.password)
		if err != nil || status != tc.want {
			t.Errorf("%s: status %d, %v; want %d (%s)", tc.name, status, err, tc.want, body)
		}
		if tc.want == http.StatusOK && strings.TrimSpace(body) != "1" {
			t.Errorf("%s: SELECT 1 answered %q", tc.name, body)
		}
	}
	ch.Stop()
	if _, _, err := ch.Query(ctx, "SELECT 1", "reader", "right-password"); err == nil {
		t.Error("ClickHouse still answers after Stop")
	}
}
