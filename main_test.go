package main

import (
	"runtime/debug"
	"testing"
)

func TestProviderVersion(t *testing.T) {
	info := func(v string) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) { return &debug.BuildInfo{Main: debug.Module{Version: v}}, true }
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	for _, tc := range []struct {
		name, ldflags string
		buildInfo     func() (*debug.BuildInfo, bool)
		want          string
	}{
		{"ldflags win", "0.1.0", info("v9.9.9"), "0.1.0"},
		{"go install at a tag", "", info("v0.1.0"), "0.1.0"},
		{"VCS pseudo-version", "", info("v0.0.0-20261202063025-94fc1db4b580+dirty"), "0.0.0-20261202063025-94fc1db4b580+dirty"},
		{"go run without VCS", "", info("(devel)"), "dev"},
		{"no build info", "", none, "dev"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := providerVersion(tc.ldflags, tc.buildInfo); got != tc.want {
				t.Errorf("providerVersion(%q) = %q, want %q", tc.ldflags, got, tc.want)
			}
		})
	}
}
