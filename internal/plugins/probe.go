package plugins

import "strings"

// Probe is the request the provider sends through the Perses proxy to prove that a datasource
// works (perses_datasource_probe, and verify = true on the datasource resources): a cheap,
// read-only query that the kind's default allowed_endpoints let through and that its backend
// answers with 200 when it is reachable and accepts the proxy's credentials.
type Probe struct {
	// Method and Path (with an optional query string, sent as written) of the request.
	Method, Path string
	// Body and its ContentType, when the request has one.
	Body, ContentType string
}

// Content types of probe bodies.
const (
	FormContentType = "application/x-www-form-urlencoded"
	JSONContentType = "application/json"
)

// ProbePath is the path of the probe without its query string: what the proxy matches
// allowed_endpoints against.
func (p Probe) ProbePath() string {
	path, _, _ := strings.Cut(p.Path, "?")
	return path
}
