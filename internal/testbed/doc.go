// Package testbed builds and runs the real programs the provider is tested against: a Perses
// server (with hand-written plugin schemas, because upstream plugin archives come from the
// internet), Terraform, OpenTofu, golangci-lint, tfplugindocs and goreleaser (which builds the
// release archives, release.go, signed with a GPG key from signing.go).
//
// Every tool is built from the Go module proxy (the only source reachable in CI and on the
// development machines) into a cache outside the clone, keyed by version, so that only the
// first run pays for the builds. Terraform 1.15, which the proxy cannot build, comes from a
// pinned source archive instead (source.go). The GNUmakefile drives it through cmd/testbed; Go tests use
// StartTestServer. It runs on Linux (CI) and other unix systems.
//
// Cache layout (CacheDir):
//
//	perses-v0.54.0/{perses,percli}     terraform-v1.8.5/terraform     opentofu-v1.12.6/tofu
//	terraform-v1.15.9/terraform
//	golangci-lint-v2.5.0/golangci-lint tfplugindocs-v0.25.0/tfplugindocs
//	goreleaser-v2.15.1/goreleaser
//	<dir>.lock                         serialises builds of one tool across processes
//	empty.tfrc                         see EmptyCLIConfig
//	run/server.json, run/server/       the server of `testbed up` (state, then config, data, log)
package testbed
