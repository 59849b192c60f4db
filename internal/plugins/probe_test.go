package plugins

import (
	"regexp"
	"strings"
	"testing"
)

// Every typed kind has a probe, and the kind's default allowed_endpoints let it through: a
// datasource written without allowed_endpoints can always be probed.
func TestEveryKindHasAProbeItsDefaultEndpointsAllow(t *testing.T) {
	for _, k := range Kinds() {
		p := k.Probe
		if p.Method == "" || !strings.HasPrefix(p.Path, "/") {
			t.Errorf("%s: probe %+v has no method or no absolute path", k.Attribute, p)
			continue
		}
		if (p.Body == "") != (p.ContentType == "") {
			t.Errorf("%s: probe body %q with content type %q", k.Attribute, p.Body, p.ContentType)
		}
		allowed := false
		for _, e := range k.DefaultAllowedEndpoints {
			if e.Method == p.Method && regexp.MustCompile(e.Pattern).MatchString(p.ProbePath()) {
				allowed = true
			}
		}
		if !allowed {
			t.Errorf("%s: the default allowed_endpoints do not let the probe %s %s through", k.Attribute, p.Method, p.ProbePath())
		}
	}
}

func TestProbePathLeavesTheQueryStringOut(t *testing.T) {
	if got := (Probe{Path: "/?query=SELECT%201"}).ProbePath(); got != "/" {
		t.Errorf("ProbePath() = %q, want /", got)
	}
	if got := (Probe{Path: "/api/v1/query"}).ProbePath(); got != "/api/v1/query" {
		t.Errorf("ProbePath() = %q", got)
	}
}
