// Package plugins describes the Perses datasource plugin kinds the provider types in Terraform
// (prometheus, tempo, loki, ...): for each kind its Terraform attribute, its kind-specific fields,
// the allowed_endpoints the Perses UI pre-fills, and the conversion between the Terraform object
// and the plugin spec JSON that Perses stores.
//
// Each kind is described once, in its own file (prometheus.go, tempo.go, ...), and listed in
// registry.go. The part every kind shares, direct_url or an HTTP proxy, lives in http.go (and the
// offline checks of the proxy's allowed_endpoints in allowed_endpoints.go); the schema, the
// conversion and the validators are built from those descriptions, so adding a kind means one new
// file and one registry line. Rules that are not about plugins (names, empty values) live in
// internal/rules.
//
// The package knows Terraform types and Perses' JSON shapes; it imports neither internal/provider
// nor internal/client.
package plugins
