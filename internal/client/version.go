package client

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/mod/semver"
)

// The Perses versions the provider supports. Every version from MinPersesVersion on runs the
// acceptance suite (PersesVersion) or its compatibility subset (make testacc-versions).
// Older versions are refused. v0.51.0 cannot proxy a request to a datasource's root path (its
// router has no /proxy/.../<name> route without a trailing path, added in v0.52.0), so ClickHouse
// datasources, which query "/", cannot be probed or verified. v0.50.0 and older have no plugin
// modules and no GET /api/v1/plugins, and their secrets have no oauth nor
// tlsConfig.minVersion/maxVersion (the server drops them silently).
const (
	MinPersesVersion    = "0.52.0"
	TestedPersesVersion = "0.54.0"
)

// UnsupportedVersionError: the server runs a Perses older than MinPersesVersion.
type UnsupportedVersionError struct {
	// Version is the version /api/v1/health reports, e.g. "0.50.0".
	Version string
}

func (e *UnsupportedVersionError) Error() string {
	return fmt.Sprintf("Perses %s is older than %s, the oldest version this provider supports", e.Version, MinPersesVersion)
}

// ServerVersion returns the version the server reports in /api/v1/health ("0.54.0"), or "" when
// it reports none (a build without upstream's version stamp, e.g. `go build` of a checkout).
func (c *Client) ServerVersion(ctx context.Context) (string, error) {
	h, err := c.Health(ctx)
	if err != nil {
		return "", err
	}
	return h.Version, nil
}

// CheckVersion returns an *UnsupportedVersionError for a version older than MinPersesVersion.
// A version that is not semver ("", "main") cannot be placed and is accepted: it is a build
// from source, whose server answers for itself.
func CheckVersion(version string) error {
	v := "v" + strings.TrimPrefix(strings.TrimSpace(version), "v")
	if !semver.IsValid(v) {
		return nil
	}
	// A prerelease of the minimum (0.51.0-rc.1) has its features: compare major.minor.patch.
	if semver.Compare(strings.SplitN(semver.Canonical(v), "-", 2)[0], "v"+MinPersesVersion) < 0 {
		return &UnsupportedVersionError{Version: strings.TrimPrefix(v, "v")}
	}
	return nil
}
