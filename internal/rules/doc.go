// Package rules checks offline, in `terraform validate`, the values every kind of Perses object
// shares: names (of projects, datasources, secrets) and the optional strings and maps the provider
// leaves out of what it sends when they are empty. Rules specific to datasource plugin kinds live
// in internal/plugins.
//
// Every validator skips null and unknown values: a value that comes from another resource is
// checked once it is known.
package rules
