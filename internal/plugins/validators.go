package plugins

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// The validators run offline (terraform validate) and check what the Perses server would refuse,
// with its own rules. Each skips null and unknown values: those are checked once known.

var (
	_ validator.String = patternValidator{}
	_ validator.String = methodValidator{}
	_ validator.String = endpointPatternValidator{}
	_ validator.Object = exactlyOneOfHTTPValidator{}
)

// patternValidator checks a string against one of the patterns of the plugin schemas.
type patternValidator struct {
	pattern *regexp.Regexp
	// summary titles the diagnostic, e.g. "Invalid URL".
	summary string
	// expected completes "<attribute> is "<value>", which is not ...".
	expected string
	// description is the validator's description, e.g. "must be ...".
	description string
	// fix says what to write when suggest has no corrected value to offer.
	fix string
	// suggest corrects the usual slips in value, or returns "".
	suggest func(value string) string
}

func (v patternValidator) Description(context.Context) string { return v.description }

func (v patternValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v patternValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if v.pattern.MatchString(value) {
		return
	}
	fix := v.fix
	if suggestion := v.suggest(value); suggestion != "" && suggestion != value && v.pattern.MatchString(suggestion) {
		fix = fmt.Sprintf("Write %q.", suggestion)
	}
	resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, v.summary,
		fmt.Sprintf("%s is %q, which is not %s.", req.Path, value, v.expected), fix))
}

// urlPattern is the pattern the plugin schemas give directUrl and proxy URLs.
var urlPattern = regexp.MustCompile(`^https?://[^\s/$.?#].[^\s]*$`)

// urlValidator checks a URL against the plugin schemas' pattern. example is a valid URL to suggest.
func urlValidator(example string) patternValidator {
	return patternValidator{
		pattern:     urlPattern,
		summary:     "Invalid URL",
		expected:    "a URL Perses accepts: it must start with http:// or https:// followed by a host",
		description: "must be an http:// or https:// URL with a host",
		fix:         fmt.Sprintf("Write an http:// or https:// URL with a host, e.g. %q.", example),
		// Surrounding spaces, a missing scheme.
		suggest: func(value string) string {
			suggestion := strings.TrimSpace(value)
			if !strings.Contains(suggestion, "://") {
				suggestion = "https://" + suggestion
			}
			return suggestion
		},
	}
}

// durationPattern is the pattern of a Perses duration, e.g. Prometheus' scrapeInterval. It also
// matches "", which notEmptyStringValidator refuses where it matters.
var durationPattern = regexp.MustCompile(`^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$`)

// durationValidator checks a Perses duration such as "15s" or "1m30s".
func durationValidator() patternValidator {
	return patternValidator{
		pattern:  durationPattern,
		summary:  "Invalid Duration",
		expected: "a duration Perses accepts",
		description: "must be a duration such as 15s or 1m30s: numbers each followed by a unit among " +
			"y, w, d, h, m, s, ms, largest first",
		fix: `Write numbers each followed by a unit among y, w, d, h, m, s and ms, largest unit first, e.g. "15s" or "1m30s".`,
		// A bare number of seconds, spaces, uppercase units.
		suggest: func(value string) string {
			suggestion := strings.ToLower(strings.Join(strings.Fields(value), ""))
			if suggestion != "" && strings.Trim(suggestion, "0123456789") == "" {
				suggestion += "s"
			}
			return suggestion
		},
	}
}

// methods are the HTTP methods the Perses server accepts in allowedEndpoints, exactly as written.
var methods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// MethodValidator checks an HTTP method written for the Perses proxy: one of the methods an
// allowed_endpoints entry can allow, in uppercase (any other can only be refused with 403).
func MethodValidator() validator.String { return methodValidator{} }

// methodValidator checks an allowed endpoint's method: Perses compares it with the request's
// method exactly, and refuses anything but the uppercase names of methods.
type methodValidator struct{}

func (v methodValidator) Description(context.Context) string {
	return "must be one of " + strings.Join(methods, ", ") + " (uppercase)"
}

func (v methodValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v methodValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if slices.Contains(methods, value) {
		return
	}
	fix := fmt.Sprintf("Write one of %q.", methods)
	if upper := strings.ToUpper(strings.TrimSpace(value)); slices.Contains(methods, upper) {
		fix = fmt.Sprintf("Write %q.", upper)
	}
	resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Invalid HTTP Method",
		fmt.Sprintf("%s is %q, which is not accepted by Perses: it takes GET, POST, PUT, PATCH or DELETE, in uppercase.",
			req.Path, value),
		fix))
}

// endpointPatternValidator checks an allowed endpoint's pattern: Perses compiles it with Go's
// regexp and refuses the datasource if that fails. An empty pattern compiles and matches every
// path, which is far more likely an omission than a choice, so it is refused; so is a pattern
// that can match no request path, which lets nothing through (whitespace at its ends, ^ before
// something that cannot be the "/" every path starts with). A pattern that matches every path is
// accepted with a warning: Perses looks for it anywhere in the request path,
// so "/" or "/?" let everything through, not only the root. example is a narrower pattern to
// suggest.
type endpointPatternValidator struct{ example string }

func (v endpointPatternValidator) Description(context.Context) string {
	return "must be a non-empty regular expression (Go RE2 syntax)"
}

func (v endpointPatternValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v endpointPatternValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if value == "" {
		resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Invalid Endpoint Pattern",
			fmt.Sprintf("%s is empty, which lets every path through.", req.Path),
			fmt.Sprintf("Write a regular expression matched anywhere in the request path, e.g. %q.", v.example)))
		return
	}
	pattern, err := regexp.Compile(value)
	if err != nil {
		resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Invalid Endpoint Pattern",
			fmt.Sprintf("%s is %q, which is not a valid regular expression: %s.", req.Path, value, err),
			`Correct the expression (Go RE2 syntax). To match a special character literally, escape it: in HCL "\\(" matches "(".`))
		return
	}
	if trimmed := strings.TrimSpace(value); trimmed != value {
		fix := fmt.Sprintf("Write a regular expression matched anywhere in the request path, e.g. %q.", v.example)
		if trimmed != "" {
			fix = fmt.Sprintf("Write %q.", rootAnchored(trimmed))
		}
		resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Endpoint Pattern Matches No Path",
			fmt.Sprintf("%s is %q, which begins or ends with whitespace: request paths hold none, "+
				"so this entry lets no request through and the proxy answers 403 to the requests it was meant for.", req.Path, value),
			fix))
		return
	}
	if anchoredAwayFromRoot(value) {
		example := v.example
		if !strings.HasPrefix(example, "^") {
			example = "^" + example
		}
		fix := fmt.Sprintf(`Anchor the pattern at the "/" every path starts with: write ^/ instead of ^, e.g. %q.`, example)
		if suggestion := rootAnchored(value); suggestion != value {
			fix = fmt.Sprintf("Write %q.", suggestion)
		}
		resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Endpoint Pattern Matches No Path",
			fmt.Sprintf(`%s is %q, which matches no request path: ^ anchors it at the start of the path, where every request path has "/", `+
				"and what follows ^ cannot match it; so this entry lets no request through and the proxy answers 403 to the requests it was meant for.",
				req.Path, value),
			fix))
		return
	}
	if matchesEveryPath(pattern) {
		resp.Diagnostics.Append(diagnostics.AttributeWarning(req.Path, "Endpoint Pattern Matches Every Path",
			fmt.Sprintf("%s is %q, which matches every request path: Perses looks for the pattern anywhere in the path, "+
				"so this entry lets every path through the proxy for its method, admin endpoints included.", req.Path, value),
			fmt.Sprintf("Write a pattern for only the paths the datasource needs, e.g. %q; anchor it with ^ and $ to match a whole path.", v.example)))
	}
}

// rootAnchored corrects a pattern that anchoredAwayFromRoot reports, when it is one alternative
// anchored with ^: "^api/v1" becomes "^/api/v1". Any other pattern is returned as is.
func rootAnchored(pattern string) string {
	if !anchoredAwayFromRoot(pattern) || !strings.HasPrefix(pattern, "^") || hasTopLevelAlternative(pattern) {
		return pattern
	}
	suggestion := "^/" + pattern[1:]
	if _, err := regexp.Compile(suggestion); err != nil || anchoredAwayFromRoot(suggestion) {
		return pattern
	}
	return suggestion
}

// hasTopLevelAlternative says whether pattern has a | outside parentheses and classes: "^a|^b"
// does, "^(a|b)" does not.
func hasTopLevelAlternative(pattern string) bool {
	depth, inClass := 0, false
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; {
		case c == '\\':
			i++
		case inClass:
			inClass = c != ']'
		case c == '[':
			inClass = true
			if strings.HasPrefix(pattern[i+1:], "]") || strings.HasPrefix(pattern[i+1:], "^]") {
				i += strings.Index(pattern[i+1:], "]") + 1 // a leading ] is literal
			}
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			return true
		}
	}
	return false
}

// exactlyOneOfHTTPValidator checks that a kind sets exactly one of direct_url and proxy, as every
// typed kind's plugin schema requires. example is a valid direct_url to suggest.
type exactlyOneOfHTTPValidator struct{ example string }

func (v exactlyOneOfHTTPValidator) Description(context.Context) string {
	return "must set exactly one of " + directURLAttribute + " and " + proxyAttribute
}

func (v exactlyOneOfHTTPValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v exactlyOneOfHTTPValidator) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attributes := req.ConfigValue.Attributes()
	directURL, proxy := attributes[directURLAttribute], attributes[proxyAttribute]
	// An unknown value may still turn out null or not.
	if directURL == nil || proxy == nil || directURL.IsUnknown() || proxy.IsUnknown() {
		return
	}
	switch {
	case !directURL.IsNull() && !proxy.IsNull():
		resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Conflicting Datasource Access",
			fmt.Sprintf("%s sets both direct_url and proxy, but Perses accepts exactly one of them.", req.Path),
			"Keep direct_url for browsers to query the datasource directly, or proxy for the Perses server to forward the queries, and remove the other."))
	case directURL.IsNull() && proxy.IsNull():
		resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Missing Datasource Access",
			fmt.Sprintf("%s sets neither direct_url nor proxy, but Perses needs exactly one of them.", req.Path),
			fmt.Sprintf("Add direct_url = %q for browsers to query the datasource directly, "+
				"or proxy = { url = %q } for the Perses server to forward the queries.", v.example, v.example)))
	}
}
