package plugins

import (
	"maps"
	"regexp"
	"sync"

	"github.com/perses/spec/go/datasource"
)

// Proxy is the HTTP proxy of a stored plugin spec ({"proxy":{"kind":"HTTPProxy","spec":{...}}}).
type Proxy struct {
	URL              string
	AllowedEndpoints []Endpoint // as stored; empty lets every request through
	Headers          map[string]string
	Secret           string
}

// ProxyOf returns the HTTP proxy of a plugin spec as encoding/json decodes it into an any (or a
// map[string]any); ok is false when it has none. Fields of the wrong JSON type read as unset, so a
// spec the server would refuse still yields what can be read of it.
func ProxyOf(spec any) (p Proxy, ok bool) {
	pluginSpec, _ := spec.(map[string]any)
	envelope, _ := pluginSpec["proxy"].(map[string]any)
	if kind, _ := envelope["kind"].(string); kind != httpProxyKind {
		return Proxy{}, false
	}
	proxySpec, isObject := envelope["spec"].(map[string]any)
	if !isObject {
		return Proxy{}, false
	}
	p.URL, _ = proxySpec["url"].(string)
	p.Secret, _ = proxySpec["secret"].(string)
	entries, _ := proxySpec["allowedEndpoints"].([]any)
	for _, e := range entries {
		entry, _ := e.(map[string]any)
		pattern, _ := entry["endpointPattern"].(string)
		method, _ := entry["method"].(string)
		p.AllowedEndpoints = append(p.AllowedEndpoints, Endpoint{Pattern: pattern, Method: method})
	}
	if headers, isMap := proxySpec["headers"].(map[string]any); isMap {
		p.Headers = make(map[string]string, len(headers))
		for name, value := range headers {
			if s, isString := value.(string); isString {
				p.Headers[name] = s
			}
		}
	}
	return p, true
}

// DirectURLOf returns the directUrl of a plugin spec as encoding/json decodes it; ok is false when
// it has none.
func DirectURLOf(spec any) (url string, ok bool) {
	pluginSpec, _ := spec.(map[string]any)
	url, ok = pluginSpec["directUrl"].(string)
	return url, ok
}

// Allows says whether the Perses proxy lets a request with method and path through endpoints: some
// entry has exactly the method and its pattern matches anywhere in the path (unanchored, as Perses'
// FindAllString); an empty list allows everything; an entry whose pattern does not compile allows
// nothing.
func Allows(endpoints []Endpoint, method, path string) bool {
	if len(endpoints) == 0 {
		return true
	}
	for _, e := range endpoints {
		if e.Method != method {
			continue
		}
		if pattern := compiledPattern(e.Pattern); pattern != nil && pattern.MatchString(path) {
			return true
		}
	}
	return false
}

// compiledPatterns caches the compiled endpoint patterns (nil for one that does not compile): a
// plan checks the same few patterns against many paths.
var compiledPatterns sync.Map // string -> *regexp.Regexp

func compiledPattern(pattern string) *regexp.Regexp {
	if cached, found := compiledPatterns.Load(pattern); found {
		compiled, _ := cached.(*regexp.Regexp)
		return compiled
	}
	compiled, err := regexp.Compile(pattern)
	if err != nil {
		compiled = nil
	}
	compiledPatterns.Store(pattern, compiled)
	return compiled
}

// WithProxySecret returns spec with its HTTP proxy naming secret (spec unchanged when it has no
// proxy). The plugin spec is copied where it changes: spec's own maps are left as they are.
func WithProxySecret(spec datasource.Spec, secret string) datasource.Spec {
	pluginSpec, _ := spec.Plugin.Spec.(map[string]any)
	envelope, _ := pluginSpec["proxy"].(map[string]any)
	proxySpec, isObject := envelope["spec"].(map[string]any)
	if !isObject {
		return spec
	}
	proxySpec = maps.Clone(proxySpec)
	proxySpec["secret"] = secret
	envelope = maps.Clone(envelope)
	envelope["spec"] = proxySpec
	pluginSpec = maps.Clone(pluginSpec)
	pluginSpec["proxy"] = envelope
	spec.Plugin.Spec = pluginSpec
	return spec
}
