package testbed

import (
	"context"
	"io"
)

// goreleaserTool builds the release tool of `make release-snapshot` (see release.go). Its main
// package reads its own version from the module's build info, so `go install @version` is enough
// for `goreleaser --version` to report it.
var goreleaserTool = tool{
	name: "goreleaser", version: GoreleaserVersion, dir: "goreleaser-" + GoreleaserVersion,
	bins: []string{"goreleaser"}, estimate: "~10 min on 2 cores, 15+ when the machine is busy",
	build: func(ctx context.Context, work, out string) error {
		return goInstall(ctx, work, out, "github.com/goreleaser/goreleaser/v2", GoreleaserVersion, "")
	},
}

// EnsureGoreleaser returns the path of the goreleaser binary, building it on first use.
func EnsureGoreleaser(ctx context.Context, w io.Writer) (string, error) {
	return ensureBinary(ctx, w, goreleaserTool)
}
