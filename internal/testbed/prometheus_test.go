package testbed

import (
	"context"
	"net/http"
	"testing"
)

// TestPrometheusBasicAuth: the test bed's Prometheus answers its user, refuses a wrong password
// and no credentials with 401, and a new password takes effect at once.
func TestPrometheusBasicAuth(t *testing.T) {
	t.Parallel()
	p := StartTestPrometheus(t, PrometheusOptions{Username: "reader", Password: "right-password"})
	ctx := context.Background()
	for _, tc := range []struct {
		name, username, password string
		want                     int
	}{
		{"right password", "reader", "right-password", http.StatusOK},
		{"wrong password", "reader", "wrong-password", http.StatusUnauthorized},
		{"no credentials", "", "", http.StatusUnauthorized},
	} {
		status, err := p.Get(ctx, "/api/v1/query?query=up", tc.username, tc.password)
		if err != nil || status != tc.want {
			t.Errorf("%s: status %d, %v; want %d", tc.name, status, err, tc.want)
		}
	}
	if err := p.SetPassword("new-password"); err != nil {
		t.Fatal(err)
	}
	for password, want := range map[string]int{"new-password": http.StatusOK, "right-password": http.StatusUnauthorized} {
		if status, err := p.Get(ctx, "/api/v1/query?query=up", "reader", password); err != nil || status != want {
			t.Errorf("after SetPassword, %s: status %d, %v; want %d", password, status, err, want)
		}
	}
}
