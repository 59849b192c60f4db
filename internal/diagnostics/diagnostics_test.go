package diagnostics

import (
	"errors"
	"fmt"
	"testing"
)

type errWithFix struct{ fix string }

func (e errWithFix) Error() string { return "handshake refused" }
func (e errWithFix) Fix() string   { return e.fix }

// An error that knows what the user must change replaces the caller's generic advice, even wrapped;
// one whose Fix is empty leaves it.
func TestDetailTakesTheErrorsFix(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{errors.New("boom"), "Listing failed.\n\nCheck the url.\n\nOriginal error: boom"},
		{fmt.Errorf("GET /x: %w", errWithFix{"Set ca_cert_pem."}), "Listing failed.\n\nSet ca_cert_pem.\n\nOriginal error: GET /x: handshake refused"},
		{errWithFix{""}, "Listing failed.\n\nCheck the url.\n\nOriginal error: handshake refused"},
	} {
		if got := Detail("Listing failed.", "Check the url.", tc.err); got != tc.want {
			t.Errorf("Detail(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
