package provider

import (
	"fmt"
	"sort"
	"strings"
)

// The world of the generative walk (TestAccWalk): the objects one configuration declares, in
// Perses and Terraform words. The generator (walk_gen_test.go) changes it step by step, the HCL
// of each step is rendered from it (walk_hcl_test.go), and the model below says what the Perses
// server must hold once that configuration is applied. The model is written from Perses' rules
// (../shared/perses-facts.md) and the documented schema: it shares no code with the provider's
// conversions, so a mistake in one is not repeated in the other.

// walkWorld is one configuration.
type walkWorld struct {
	// caseSensitive is the server's database mode: with false, Perses lowercases names and
	// projects, so two spellings that differ only in case are one object.
	caseSensitive bool
	projects      []*walkProject
	datasources   []*walkDatasource
	secrets       []*walkSecret
	// labels counts the resource labels handed out, so that a new object never reuses the
	// label of an old one (Terraform would take it for the same resource).
	labels int
}

type walkProject struct {
	label       string
	name        string
	displayName string // "" omitted
	description string // "" omitted
}

// walkPlacement is where a scoped object lives: project nil for the global scope. spelling is
// how the configuration writes the project: "" for a reference to the project resource's name,
// else a literal that differs from the project's name only in letter case (with depends_on on
// the project), which a case-insensitive server takes for the same project.
type walkPlacement struct {
	project  *walkProject
	spelling string
}

func (p walkPlacement) global() bool { return p.project == nil }

// projectName is the project as the configuration spells it ("" for the global scope).
func (p walkPlacement) projectName() string {
	switch {
	case p.project == nil:
		return ""
	case p.spelling != "":
		return p.spelling
	default:
		return p.project.name
	}
}

type walkFlag int

const (
	walkFlagOmitted walkFlag = iota // default not written: false
	walkFlagFalse                   // default = false
	walkFlagTrue                    // default = true
)

type walkEndpoint struct{ pattern, method string }

type walkProxy struct {
	url string
	// endpointsSet false: allowed_endpoints omitted (the kind's UI defaults); true with no
	// entries: allowed_endpoints = [] (every path and method).
	endpointsSet bool
	endpoints    []walkEndpoint
	headers      map[string]string
	secret       *walkSecret // nil omitted; a secret of the same scope
}

type walkDatasource struct {
	label string
	walkPlacement
	name        string
	displayName string
	description string
	def         walkFlag
	// kind is the typed attribute (prometheus, ..., victorialogs) or "plugin" for the raw form.
	kind string
	// rawKind is the plugin kind of the raw form: JaegerDatasource (no typed attribute) or
	// PrometheusDatasource (a typed kind written raw).
	rawKind string
	// Typed kinds: exactly one of directURL and proxy.
	directURL string
	proxy     *walkProxy
	// Prometheus only (typed), and scrapeInterval for the raw PrometheusDatasource.
	scrapeInterval string
	queryParams    map[string]string
	// Raw JaegerDatasource only.
	maxTraces int
	tags      []string
	// createBeforeDestroy writes lifecycle { create_before_destroy = true }: Terraform then
	// creates the replacement before it destroys the replaced datasource.
	createBeforeDestroy bool
}

type walkSecret struct {
	label string
	walkPlacement
	name string
	// Exactly one form: basic auth (username set) or authorization (credentials set).
	username, password string
	authType           string // "" omitted: Bearer
	credentials        string
}

// walkKind is what the test knows of a typed kind: its attribute, its plugin kind and the
// allowed endpoints the Perses UI pre-fills, in the UI's order (../shared/perses-facts.md).
type walkKind struct {
	attribute, pluginKind string
	uiEndpoints           []walkEndpoint
}

const walkRaw = "plugin"

func walkEndpointsOf(method string, patterns ...string) []walkEndpoint {
	out := make([]walkEndpoint, len(patterns))
	for i, p := range patterns {
		out[i] = walkEndpoint{p, method}
	}
	return out
}

func walkConcatEndpoints(lists ...[]walkEndpoint) []walkEndpoint {
	var out []walkEndpoint
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

var walkKinds = []walkKind{
	{"prometheus", "PrometheusDatasource", walkConcatEndpoints(
		walkEndpointsOf("POST", "/api/v1/labels", "/api/v1/series"),
		walkEndpointsOf("GET", "/api/v1/metadata"),
		walkEndpointsOf("POST", "/api/v1/query", "/api/v1/query_range"),
		walkEndpointsOf("GET", "/api/v1/label/([a-zA-Z0-9_-]+)/values"),
		walkEndpointsOf("POST", "/api/v1/parse_query"))},
	{"tempo", "TempoDatasource", walkEndpointsOf("GET", "/api/search", "/api/v2/traces", "/api/v2/search/tags", "/api/v2/search/tag")},
	{"loki", "LokiDatasource", walkEndpointsOf("GET", "/loki/api/v1/query", "/loki/api/v1/query_range", "/loki/api/v1/labels",
		"/loki/api/v1/label/([a-zA-Z0-9_-]+)/values", "/loki/api/v1/series", "/loki/api/v1/index/volume",
		"/loki/api/v1/index/volume_range", "/loki/api/v1/index/stats", "/loki/api/v1/tail")},
	{"pyroscope", "PyroscopeDatasource", walkConcatEndpoints(
		walkEndpointsOf("GET", "/pyroscope/render"),
		walkEndpointsOf("POST", "/querier.v1.QuerierService/ProfileTypes", "/querier.v1.QuerierService/LabelNames",
			"/querier.v1.QuerierService/LabelValues"))},
	{"clickhouse", "ClickHouseDatasource", walkEndpointsOf("GET", "/")},
	{"victorialogs", "VictoriaLogsDatasource", walkEndpointsOf("POST", "/select/logsql/stats_query", "/select/logsql/stats_query_range",
		"/select/logsql/field_names", "/select/logsql/field_values", "/select/logsql/tail", "/select/logsql/query",
		"/select/logsql/hits", "/select/logsql/facets", "/select/logsql/stream_ids", "/select/logsql/streams",
		"/select/logsql/stream_field_names", "/select/logsql/stream_field_values")},
}

func walkKindOf(attribute string) walkKind {
	for _, k := range walkKinds {
		if k.attribute == attribute {
			return k
		}
	}
	panic("walk: unknown kind " + attribute)
}

// pluginKind is the Perses plugin kind the datasource is stored with.
func (d *walkDatasource) pluginKind() string {
	if d.kind == walkRaw {
		return d.rawKind
	}
	return walkKindOf(d.kind).pluginKind
}

// fold is how the server identifies a name: lowercased unless the database is case-sensitive.
func (w *walkWorld) fold(name string) string {
	if w.caseSensitive {
		return name
	}
	return strings.ToLower(name)
}

// scopeKey identifies a scope on the server: "" global, else the project as the server knows it.
func (w *walkWorld) scopeKey(p walkPlacement) string {
	if p.global() {
		return ""
	}
	return "project " + w.fold(p.project.name)
}

// walkObject is one object the server must hold: where it is (the identity the server gives
// it), what its JSON must be, and the secret values Perses never shows (hidden), so that a step
// that changes nothing of an object can be told from one that does (see walkRun.checkServer).
type walkObject struct {
	key    string // e.g. "project ops", "datasource team-a/prom", "global secret creds"
	json   any
	hidden string
	// defaultEndpoints names, for a typed datasource whose allowed_endpoints is omitted, the
	// kind whose UI defaults the stored list must hold (in any order, see walkRun.compareObject).
	defaultEndpoints *walkKind
}

// expected is the model: every object the server must hold for this configuration, by key.
func (w *walkWorld) expected() map[string]walkObject {
	out := map[string]walkObject{}
	add := func(o walkObject) {
		if _, dup := out[o.key]; dup {
			panic("walk: the generator made two objects with the key " + o.key)
		}
		out[o.key] = o
	}
	for _, p := range w.projects {
		spec := map[string]any{}
		if d := walkDisplay(p.displayName, p.description); d != nil {
			spec["display"] = d
		}
		add(walkObject{key: "project " + w.fold(p.name), json: spec})
	}
	for _, d := range w.datasources {
		o := walkObject{key: w.datasourceKey(d), json: w.datasourceSpec(d)}
		if d.kind != walkRaw && d.proxy != nil && !d.proxy.endpointsSet {
			k := walkKindOf(d.kind)
			o.defaultEndpoints = &k
		}
		add(o)
	}
	for _, s := range w.secrets {
		spec := map[string]any{}
		if s.username != "" {
			spec["basicAuth"] = map[string]any{"username": s.username, "password": walkMasked}
		} else {
			typ := s.authType
			if typ == "" {
				typ = "Bearer"
			}
			spec["authorization"] = map[string]any{"type": typ, "credentials": walkMasked}
		}
		add(walkObject{key: w.secretKey(s), json: spec, hidden: "password=" + s.password + " credentials=" + s.credentials})
	}
	return out
}

// walkMasked is what Perses answers in place of every secret value.
const walkMasked = "<secret>"

func (w *walkWorld) datasourceKey(d *walkDatasource) string {
	if d.global() {
		return "global datasource " + w.fold(d.name)
	}
	return "datasource " + w.fold(d.project.name) + "/" + w.fold(d.name)
}

func (w *walkWorld) secretKey(s *walkSecret) string {
	if s.global() {
		return "global secret " + w.fold(s.name)
	}
	return "secret " + w.fold(s.project.name) + "/" + w.fold(s.name)
}

func walkDisplay(name, description string) map[string]any {
	if name == "" && description == "" {
		return nil
	}
	d := map[string]any{}
	if name != "" {
		d["name"] = name
	}
	if description != "" {
		d["description"] = description
	}
	return d
}

// datasourceSpec is the spec Perses must hold: display, default, plugin {kind, spec}.
func (w *walkWorld) datasourceSpec(d *walkDatasource) map[string]any {
	spec := map[string]any{"default": d.def == walkFlagTrue}
	if disp := walkDisplay(d.displayName, d.description); disp != nil {
		spec["display"] = disp
	}
	plugin := map[string]any{}
	switch {
	case d.kind == walkRaw && d.rawKind == "JaegerDatasource":
		plugin["directUrl"] = d.directURL
		if d.maxTraces != 0 {
			plugin["maxTraces"] = float64(d.maxTraces)
		}
		if d.tags != nil {
			tags := make([]any, len(d.tags))
			for i, t := range d.tags {
				tags[i] = t
			}
			plugin["tags"] = tags
		}
	case d.kind == walkRaw:
		plugin["directUrl"] = d.directURL
		if d.scrapeInterval != "" {
			plugin["scrapeInterval"] = d.scrapeInterval
		}
	default:
		if d.proxy == nil {
			plugin["directUrl"] = d.directURL
		} else {
			proxy := map[string]any{"url": d.proxy.url}
			list := d.proxy.endpoints
			if !d.proxy.endpointsSet {
				list = walkKindOf(d.kind).uiEndpoints
			}
			if len(list) > 0 {
				entries := make([]any, len(list))
				for i, e := range list {
					entries[i] = map[string]any{"endpointPattern": e.pattern, "method": e.method}
				}
				proxy["allowedEndpoints"] = entries
			}
			if len(d.proxy.headers) > 0 {
				headers := map[string]any{}
				for k, v := range d.proxy.headers {
					headers[k] = v
				}
				proxy["headers"] = headers
			}
			if d.proxy.secret != nil {
				proxy["secret"] = d.proxy.secret.name
			}
			plugin["proxy"] = map[string]any{"kind": "HTTPProxy", "spec": proxy}
		}
		if d.kind == "prometheus" {
			if d.scrapeInterval != "" {
				plugin["scrapeInterval"] = d.scrapeInterval
			}
			if len(d.queryParams) > 0 {
				params := map[string]any{}
				for k, v := range d.queryParams {
					params[k] = v
				}
				plugin["queryParams"] = params
			}
		}
	}
	spec["plugin"] = map[string]any{"kind": d.pluginKind(), "spec": plugin}
	return spec
}

// valid reports why the world is not a configuration Perses and Terraform accept ("" if it is).
// The generator only keeps valid worlds: the walk is about transitions, not validation.
func (w *walkWorld) valid() string {
	seen := map[string]bool{}
	for _, p := range w.projects {
		key := w.fold(p.name)
		if seen[key] {
			return "two projects named " + key
		}
		seen[key] = true
	}
	inWorld := func(p *walkProject) bool {
		for _, q := range w.projects {
			if q == p {
				return true
			}
		}
		return false
	}
	placementProblem := func(what string, pl walkPlacement) string {
		if pl.global() {
			return ""
		}
		if !inWorld(pl.project) {
			return what + " is in a project that is not in the configuration"
		}
		if pl.spelling != "" && (w.caseSensitive || !strings.EqualFold(pl.spelling, pl.project.name)) {
			return what + " spells its project " + pl.spelling + ", another project on this server"
		}
		return ""
	}
	secrets := map[*walkSecret]bool{}
	for _, s := range w.secrets {
		if problem := placementProblem("secret "+s.name, s.walkPlacement); problem != "" {
			return problem
		}
		key := w.secretKey(s)
		if seen[key] {
			return "two objects " + key
		}
		seen[key] = true
		secrets[s] = true
	}
	defaults := map[string]string{}
	for _, d := range w.datasources {
		if problem := placementProblem("datasource "+d.name, d.walkPlacement); problem != "" {
			return problem
		}
		key := w.datasourceKey(d)
		if seen[key] {
			return "two objects " + key
		}
		seen[key] = true
		if d.def == walkFlagTrue {
			dk := w.scopeKey(d.walkPlacement) + " " + d.pluginKind()
			if other, taken := defaults[dk]; taken {
				return fmt.Sprintf("two defaults %s in one scope: %s and %s", d.pluginKind(), other, d.name)
			}
			defaults[dk] = d.name
		}
		if d.kind != walkRaw && (d.directURL == "") == (d.proxy == nil) {
			return "datasource " + d.name + " needs exactly one of direct_url and proxy"
		}
		if d.proxy != nil && d.proxy.secret != nil {
			s := d.proxy.secret
			if !secrets[s] || w.scopeKey(s.walkPlacement) != w.scopeKey(d.walkPlacement) {
				return "datasource " + d.name + " names secret " + s.name + ", which is not in its scope"
			}
		}
	}
	return ""
}

// clone copies the world deeply, keeping the references between its objects.
func (w *walkWorld) clone() *walkWorld {
	c := &walkWorld{caseSensitive: w.caseSensitive, labels: w.labels}
	projects := map[*walkProject]*walkProject{}
	for _, p := range w.projects {
		cp := *p
		projects[p] = &cp
		c.projects = append(c.projects, &cp)
	}
	place := func(pl walkPlacement) walkPlacement {
		if pl.project != nil {
			pl.project = projects[pl.project]
		}
		return pl
	}
	secrets := map[*walkSecret]*walkSecret{}
	for _, s := range w.secrets {
		cs := *s
		cs.walkPlacement = place(s.walkPlacement)
		secrets[s] = &cs
		c.secrets = append(c.secrets, &cs)
	}
	for _, d := range w.datasources {
		cd := *d
		cd.walkPlacement = place(d.walkPlacement)
		cd.queryParams = walkCopyMap(d.queryParams)
		cd.tags = append([]string(nil), d.tags...)
		if d.tags == nil {
			cd.tags = nil
		}
		if d.proxy != nil {
			px := *d.proxy
			px.endpoints = append([]walkEndpoint(nil), d.proxy.endpoints...)
			px.headers = walkCopyMap(d.proxy.headers)
			if px.secret != nil {
				px.secret = secrets[px.secret]
			}
			cd.proxy = &px
		}
		c.datasources = append(c.datasources, &cd)
	}
	return c
}

func walkCopyMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func walkSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
