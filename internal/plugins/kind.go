package plugins

import "github.com/hashicorp/terraform-plugin-framework/schema/validator"

// Kind is one Perses datasource plugin kind, typed in Terraform as a nested attribute.
type Kind struct {
	// Attribute is the Terraform attribute name, e.g. "prometheus".
	Attribute string
	// PluginKind is the Perses plugin kind, e.g. "PrometheusDatasource".
	PluginKind string
	// Title is the human name used in documentation, e.g. "Prometheus".
	Title string
	// DefaultAllowedEndpoints are planned for proxy.allowed_endpoints when the configuration omits
	// it: the list the Perses UI pre-fills for this kind, in the same order. None plans [], which
	// Perses reads as "every path and method".
	DefaultAllowedEndpoints []Endpoint
	// Fields are the kind-specific fields of the plugin spec, besides direct_url and proxy.
	Fields []Field
	// Probe is the request that proves the datasource works through the Perses proxy.
	Probe Probe
	// EndpointsValidators check proxy.allowed_endpoints offline for what only this kind needs
	// (e.g. the HTTP methods its plugin queries with), besides the checks every kind shares.
	EndpointsValidators []validator.List

	described description // built from the fields above on first use
}

// Endpoint is one entry of an HTTP proxy's allowedEndpoints: requests whose method equals Method and
// whose path contains a match of the regular expression Pattern go through the proxy.
type Endpoint struct{ Pattern, Method string }

// FieldType is the Terraform type of a kind-specific field.
type FieldType int

const (
	// FieldString is a string attribute, a JSON string.
	FieldString FieldType = iota
	// FieldStringMap is a map(string) attribute, a JSON object of strings.
	FieldStringMap
)

// Field is a kind-specific field of the plugin spec, besides direct_url and proxy. Every field is
// optional: it is left out of the spec when unset.
type Field struct {
	// Attribute is the Terraform attribute name, e.g. "scrape_interval".
	Attribute string
	// JSON is the field name in the plugin spec, e.g. "scrapeInterval".
	JSON string
	// Type is the Terraform and JSON type of the field.
	Type FieldType
	// Description documents the attribute, in markdown.
	Description string
	// Validators check a FieldString value offline, besides the check that it is not empty.
	Validators []validator.String
}
