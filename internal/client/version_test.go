package client

import (
	"errors"
	"testing"
)

func TestCheckVersion(t *testing.T) {
	for _, tc := range []struct {
		version string
		refused bool
	}{
		{"0.54.0", false},
		{"0.52.0", false},
		{"v0.53.0", false},
		{"0.52.0-rc.1", false},
		{"0.51.0", true},
		{"0.55.2", false},
		{"1.0.0", false},
		{"", false},     // no version stamp: a build from source
		{"main", false}, // not semver
		{"0.50.0", true},
		{"0.50.9", true},
		{"0.49.1", true},
		{"v0.44.0", true},
	} {
		err := CheckVersion(tc.version)
		var unsupported *UnsupportedVersionError
		if got := errors.As(err, &unsupported); got != tc.refused {
			t.Errorf("CheckVersion(%q) = %v, want refused %t", tc.version, err, tc.refused)
		}
	}
	want := "Perses 0.51.0 is older than 0.52.0, the oldest version this provider supports"
	if err := CheckVersion("0.51.0"); err == nil || err.Error() != want {
		t.Errorf("CheckVersion(0.51.0) = %v, want %q", err, want)
	}
}
