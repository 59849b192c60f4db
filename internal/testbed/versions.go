package testbed

// The pinned versions of every tool the test bed builds. Bumping one of them here is enough:
// the cache is keyed by version, so the next run builds the new one next to the old.
const (
	// PersesVersion is the newest Perses the Go module proxy serves here. The proxy refuses
	// @latest and version lists for github.com/perses/*, so it must be an exact version.
	PersesVersion = "v0.54.0"
	// TerraformVersion is the newest Terraform that builds from the module proxy: later
	// versions carry replace directives to nested modules the proxy does not serve.
	TerraformVersion = "v1.8.5"
	// Terraform115Version is the current Terraform, built from a source archive (source.go)
	// that must have Terraform115SHA256: the oldest supported and the current Terraform both
	// run the acceptance suite.
	Terraform115Version = "v1.15.9"
	Terraform115SHA256  = "a9f643f8ef31703b073891445f272d5a5a5b649f104a2cb1012afa38f42bf352"
	// OpenTofuVersion supports write-only attributes, ephemeral resources and identity import.
	OpenTofuVersion = "v1.12.6"
	// GolangciLintVersion is the linter `make lint` runs.
	GolangciLintVersion = "v2.5.0"
	// TFPluginDocsVersion generates docs/.
	TFPluginDocsVersion = "v0.25.0"
	// GoreleaserVersion builds the release archives (make release-snapshot): the newest the
	// module proxy serves that builds with Go 1.26 (v2.18 and later need a newer Go).
	GoreleaserVersion = "v2.15.1"
)
