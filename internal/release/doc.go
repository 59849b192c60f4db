// Package release tests what a user gets rather than what the code does: the release archives
// goreleaser builds (.goreleaser.yml), installed by `terraform init` the way the Terraform and
// OpenTofu registries serve them, with every CLI of the test bed, then used against a real
// Perses; and `make demo`, which must show what the server holds and fail loudly when it cannot.
//
// `make release-test` runs these tests (they are not part of `make unit`): they build with
// goreleaser and run every CLI, so they take a few minutes.
package release
