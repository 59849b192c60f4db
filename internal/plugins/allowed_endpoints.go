package plugins

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"regexp/syntax"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// The proxy lets a request through when an allowed_endpoints entry has its method and the entry's
// pattern finds a match anywhere in its path (Perses uses FindAllString, unanchored, and always
// gives it a path that starts with "/"). An empty list lets everything through.

// representativePaths are paths as different as a proxied backend sees: the root, admin and write
// APIs of several backends. A pattern that finds a match in all of them finds one in any path.
var representativePaths = []string{
	"/",
	"/-/quit",
	"/api/v1/admin/tsdb/delete_series",
	"/loki/api/v1/push",
	"/select/logsql/query",
}

// matchesEveryPath says whether pattern lets every path through: "/", ".*", "/?", "^/" and any
// pattern that can match the empty string do.
func matchesEveryPath(pattern *regexp.Regexp) bool {
	for _, p := range representativePaths {
		if pattern.FindStringIndex(p) == nil {
			return false
		}
	}
	return true
}

// exampleEndpoint is an endpoint of k to show in messages: its first default endpoint that does
// not let every path through, or the root alone.
func exampleEndpoint(k *Kind) Endpoint {
	for _, e := range k.DefaultAllowedEndpoints {
		if !matchesEveryPath(regexp.MustCompile(e.Pattern)) {
			return e
		}
	}
	return Endpoint{Pattern: "^/$", Method: http.MethodGet}
}

// allowedEndpoints reads a known allowed_endpoints list; ok is false when the list or any of its
// values is not known yet.
func allowedEndpoints(list types.List) (entries []Endpoint, ok bool) {
	if list.IsNull() || list.IsUnknown() {
		return nil, false
	}
	for _, element := range list.Elements() {
		object, isObject := element.(types.Object)
		if !isObject || object.IsNull() || object.IsUnknown() {
			return nil, false
		}
		method, isMethod := object.Attributes()[methodAttribute].(types.String)
		pattern, isPattern := object.Attributes()[endpointPatternAttribute].(types.String)
		if !isMethod || !isPattern || method.IsUnknown() || pattern.IsUnknown() {
			return nil, false
		}
		entries = append(entries, Endpoint{Pattern: pattern.ValueString(), Method: method.ValueString()})
	}
	return entries, true
}

var _ validator.List = emptyAllowedEndpointsValidator{}

// emptyAllowedEndpointsValidator warns about allowed_endpoints = []: Perses reads an empty list as
// "no restriction", so every path and method of the backend, admin APIs included, is reachable
// through the proxy by anyone who can see the datasource.
type emptyAllowedEndpointsValidator struct{ kind *Kind }

func (v emptyAllowedEndpointsValidator) Description(context.Context) string {
	return "should not be empty: an empty list lets every path and method through"
}

func (v emptyAllowedEndpointsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v emptyAllowedEndpointsValidator) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || len(req.ConfigValue.Elements()) > 0 {
		return
	}
	example := exampleEndpoint(v.kind)
	resp.Diagnostics.Append(diagnostics.AttributeWarning(req.Path, "Proxy Allows Every Endpoint",
		fmt.Sprintf("%s is empty: Perses then lets every path and method through the proxy, the backend's admin APIs included.", req.Path),
		fmt.Sprintf("Omit allowed_endpoints to get the endpoints the Perses UI allows for %s, or list the ones the datasource needs, "+
			"e.g. [{ endpoint_pattern = %q, method = %q }].", v.kind.Title, example.Pattern, example.Method)))
}

// anchoredAwayFromRoot says whether pattern (which compiles) can never match a request path
// because it is anchored with ^ before something that cannot match the "/" every path starts
// with: "^api/v1/query", "^$", "^(api|v1)". A pattern with an alternative that is not anchored
// so is not reported.
func anchoredAwayFromRoot(pattern string) bool {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return false
	}
	branches := []*syntax.Regexp{re}
	if re.Op == syntax.OpAlternate {
		branches = re.Sub
	}
	for _, b := range branches {
		if !branchAnchoredAwayFromRoot(b) {
			return false
		}
	}
	return true
}

// branchAnchoredAwayFromRoot: a branch that starts with ^ matches only at the start of the path,
// so its first character must be able to be "/" (or it must be able to match nothing there, which
// any path satisfies).
func branchAnchoredAwayFromRoot(re *syntax.Regexp) bool {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 || re.Sub[0].Op != syntax.OpBeginText {
		return false
	}
	for _, sub := range re.Sub[1:] {
		if sub.Op == syntax.OpEndText {
			// Only what cannot start with "/" came before: the match would need an empty path,
			// or one that starts with another character.
			return true
		}
		slash, empty := firstMayBeSlash(sub)
		if slash {
			return false
		}
		if !empty {
			return true
		}
	}
	return false // the branch can match nothing at the start of any path
}

// firstMayBeSlash says whether a match of re may start with "/" and whether re may match the
// empty string. Zero-width assertions count as matching the empty string: that can only let more
// strings match, so a pattern reported as matching no path really matches none.
func firstMayBeSlash(re *syntax.Regexp) (slash, empty bool) {
	switch re.Op {
	case syntax.OpNoMatch:
		return false, false
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return false, true
		}
		return re.Rune[0] == '/', false
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= '/' && '/' <= re.Rune[i+1] {
				return true, false
			}
		}
		return false, false
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return true, false
	case syntax.OpCapture, syntax.OpPlus:
		return firstMayBeSlash(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		slash, _ = firstMayBeSlash(re.Sub[0])
		return slash, true
	case syntax.OpRepeat:
		slash, empty = firstMayBeSlash(re.Sub[0])
		return slash, empty || re.Min == 0
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			subSlash, subEmpty := firstMayBeSlash(sub)
			slash = slash || subSlash
			if !subEmpty {
				return slash, false
			}
		}
		return slash, true
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			subSlash, subEmpty := firstMayBeSlash(sub)
			slash, empty = slash || subSlash, empty || subEmpty
		}
		return slash, empty
	default: // the empty match and zero-width assertions
		return false, true
	}
}
