package provider

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// The generator of the walk: from one valid world, a user's next small edit (one to three
// mutations). Every mutation works on a clone; a clone that is not a valid configuration, or
// whose transition Terraform cannot order (see walkTransitionProblem), is dropped and another
// mutation is drawn, so the walk only ever applies configurations a user may write.

type walkGen struct {
	rng *rand.Rand
	// counts how often each mutation was kept, by name.
	counts map[string]int
	// off names the mutations left out (PERSES_WALK_OFF).
	off map[string]bool
}

// walkMutation changes w in place and says what it did, or returns "" when it does not apply.
type walkMutation struct {
	name   string
	weight int
	apply  func(g *walkGen, w *walkWorld) string
}

const (
	walkMaxProjects    = 2
	walkMaxDatasources = 8
	walkMaxSecrets     = 4
)

var walkMutations = []walkMutation{
	{"add project", 3, (*walkGen).addProject},
	{"remove project", 1, (*walkGen).removeProject},
	{"rename project", 2, (*walkGen).renameProject},
	{"recase project", 3, (*walkGen).recaseProject},
	{"twin project", 1, (*walkGen).twinProject},
	{"project display", 2, (*walkGen).projectDisplay},
	{"add datasource", 6, (*walkGen).addDatasource},
	{"remove datasource", 2, (*walkGen).removeDatasource},
	{"rename datasource", 3, (*walkGen).renameDatasource},
	{"recase datasource", 3, (*walkGen).recaseDatasource},
	{"twin datasource", 2, (*walkGen).twinDatasource},
	{"move datasource", 2, (*walkGen).moveDatasource},
	{"respell project of datasource", 2, (*walkGen).respellDatasourceProject},
	{"toggle default", 4, (*walkGen).toggleDefault},
	{"move default", 4, (*walkGen).moveDefault},
	{"default flag form", 1, (*walkGen).defaultForm},
	{"change kind", 4, (*walkGen).changeKind},
	{"switch access", 3, (*walkGen).switchAccess},
	{"change url", 2, (*walkGen).changeURL},
	{"allowed endpoints", 4, (*walkGen).allowedEndpoints},
	{"headers", 2, (*walkGen).headers},
	{"proxy secret", 3, (*walkGen).proxySecret},
	{"prometheus options", 2, (*walkGen).prometheusOptions},
	{"datasource display", 2, (*walkGen).datasourceDisplay},
	{"raw spec", 2, (*walkGen).rawSpec},
	{"create before destroy", 1, (*walkGen).createBeforeDestroy},
	{"add secret", 3, (*walkGen).addSecret},
	{"remove secret", 1, (*walkGen).removeSecret},
	{"rename secret", 2, (*walkGen).renameSecret},
	{"recase secret", 2, (*walkGen).recaseSecret},
	{"move secret", 1, (*walkGen).moveSecret},
	{"respell project of secret", 1, (*walkGen).respellSecretProject},
	{"secret values", 3, (*walkGen).secretValues},
}

// next returns the world after one step and what the step did.
func (g *walkGen) next(w *walkWorld) (*walkWorld, []string) {
	n := 1
	switch r := g.rng.Float64(); {
	case r < 0.12:
		n = 3
	case r < 0.35:
		n = 2
	}
	before := walkRender(w)
	for try := 0; try < 20; try++ {
		cur := w
		var did []string
		for len(did) < n {
			next, desc := g.mutate(w, cur)
			if next == nil {
				break
			}
			cur, did = next, append(did, desc)
		}
		// A later mutation may undo an earlier one.
		if len(did) > 0 && walkRender(cur) != before {
			return cur, did
		}
	}
	panic("walk: no mutation applies to this world:\n" + before)
}

// mutate applies one mutation to cur, keeping the transition from start valid (nil if none applies).
func (g *walkGen) mutate(start, cur *walkWorld) (*walkWorld, string) {
	for attempt := 0; attempt < 200; attempt++ {
		m := g.pickMutation()
		c := cur.clone()
		desc := m.apply(g, c)
		if desc == "" || c.valid() != "" || walkTransitionProblem(start, c) != "" || walkRender(c) == walkRender(cur) {
			continue
		}
		if g.counts == nil {
			g.counts = map[string]int{}
		}
		g.counts[m.name]++
		return c, desc
	}
	return nil, ""
}

// initial is the first world: a project, a few datasources and secrets.
func (g *walkGen) initial(caseSensitive bool) (*walkWorld, []string) {
	w := &walkWorld{caseSensitive: caseSensitive}
	var did []string
	for _, add := range []func(*walkGen, *walkWorld) string{(*walkGen).addProject, (*walkGen).addSecret,
		(*walkGen).addDatasource, (*walkGen).addDatasource, (*walkGen).addDatasource} {
		for attempt := 0; attempt < 100; attempt++ {
			c := w.clone()
			if desc := add(g, c); desc != "" && c.valid() == "" {
				w = c
				did = append(did, desc)
				break
			}
		}
	}
	return w, did
}

func (g *walkGen) pickMutation() walkMutation {
	total := 0
	for _, m := range walkMutations {
		if !g.off[m.name] {
			total += m.weight
		}
	}
	r := g.rng.Intn(total)
	for _, m := range walkMutations {
		if g.off[m.name] {
			continue
		}
		if r < m.weight {
			return m
		}
		r -= m.weight
	}
	panic("walk: no mutation to pick")
}

// walkTransitionProblem refuses a step that gives an object identity (its key on the server) to a
// resource other than the one that had it: Terraform may then create the new resource before it
// destroys the old one, and the server answers "already exists". A user does that in two applies.
func walkTransitionProblem(before, after *walkWorld) string {
	owners := map[string]string{}
	for _, o := range before.resourceKeys() {
		owners[o[0]] = o[1]
	}
	for _, o := range after.resourceKeys() {
		if label, ok := owners[o[0]]; ok && label != o[1] {
			return o[0] + " changes resource"
		}
	}
	// The one transition the provider cannot make (TestAccDefaultReplacedWithChangesUnderCreateBeforeDestroy):
	// with create_before_destroy, Terraform creates the replacement of the default while the old
	// one is still the default and gives the provider no trace of it, so only a replacement that
	// keeps the content (a rename alone) can take the flag from it.
	for _, d := range after.datasources {
		for _, b := range before.datasources {
			if b.label == d.label && d.createBeforeDestroy && b.def == walkFlagTrue && d.def == walkFlagTrue &&
				before.datasourceKey(b) != after.datasourceKey(d) && !reflect.DeepEqual(before.datasourceSpec(b), after.datasourceSpec(d)) {
				return d.label + " replaces the default with other changes under create_before_destroy"
			}
		}
	}
	return ""
}

// resourceKeys lists [server key, resource address] of every object.
func (w *walkWorld) resourceKeys() [][2]string {
	var out [][2]string
	for _, p := range w.projects {
		out = append(out, [2]string{"project " + w.fold(p.name), p.label})
	}
	for _, d := range w.datasources {
		out = append(out, [2]string{w.datasourceKey(d), d.label})
	}
	for _, s := range w.secrets {
		out = append(out, [2]string{w.secretKey(s), s.label})
	}
	return out
}

// Random choices.

func (g *walkGen) chance(p float64) bool { return g.rng.Float64() < p }

func walkPick[T any](g *walkGen, list []T) (T, bool) {
	var zero T
	if len(list) == 0 {
		return zero, false
	}
	return list[g.rng.Intn(len(list))], true
}

func (g *walkGen) label(w *walkWorld, prefix string) string {
	w.labels++
	return fmt.Sprintf("%s%d", prefix, w.labels)
}

var (
	walkProjectBases    = []string{"team-a", "ops.1", "platform", "edge_eu", "checkout"}
	walkDatasourceBases = []string{"prom", "metrics", "logs", "traces", "profiles", "ch", "vl", "jaeger", "thanos-query", "edge.eu_1"}
	walkSecretBases     = []string{"creds", "basic.auth", "token", "team_secret"}
)

// spell writes a name in one of the ways people do: lowercase, Title, UPPER or mixed.
func (g *walkGen) spell(name string) string {
	switch r := g.rng.Float64(); {
	case r < 0.45:
		return strings.ToLower(name)
	case r < 0.7:
		return strings.ToUpper(name[:1]) + name[1:]
	case r < 0.85:
		return strings.ToUpper(name)
	default:
		return g.mixCase(name)
	}
}

func (g *walkGen) mixCase(name string) string {
	b := []rune(name)
	for i, r := range b {
		if g.chance(0.5) {
			b[i] = unicode.ToUpper(r)
		} else {
			b[i] = unicode.ToLower(r)
		}
	}
	return string(b)
}

// recase returns another spelling of name that differs only in letter case ("" if none).
func (g *walkGen) recase(name string) string {
	if strings.ToLower(name) == strings.ToUpper(name) {
		return ""
	}
	for attempt := 0; attempt < 20; attempt++ {
		var other string
		switch g.rng.Intn(3) {
		case 0:
			other = strings.ToLower(name)
		case 1:
			other = strings.ToUpper(name)
		default:
			other = g.mixCase(name)
		}
		if other != name {
			return other
		}
	}
	return ""
}

// freshName is a name from bases that no object of taken has (compared as the server does).
func (g *walkGen) freshName(w *walkWorld, bases []string, taken func(string) bool) string {
	for attempt := 0; attempt < 50; attempt++ {
		base, _ := walkPick(g, bases)
		switch r := g.rng.Float64(); {
		case r < 0.03:
			// The longest name Perses accepts.
			base += "-" + strings.Repeat("x", 75-len(base)-1)
		case r < 0.5:
			base += []string{"-2", ".b", "_x", "-eu", "3"}[g.rng.Intn(5)]
		}
		name := g.spell(base)
		if !taken(w.fold(name)) {
			return name
		}
	}
	return ""
}

// walkOtherThan also takes every spelling of current: a rename changes more than letter case
// (that is the recase mutations' job).
func walkOtherThan(current string, taken func(string) bool) func(string) bool {
	return func(folded string) bool { return taken(folded) || strings.EqualFold(folded, current) }
}

func (w *walkWorld) projectTaken(folded string) bool {
	for _, p := range w.projects {
		if w.fold(p.name) == folded {
			return true
		}
	}
	return false
}

func (w *walkWorld) datasourceTaken(pl walkPlacement) func(string) bool {
	return walkTaken(w, pl, func() []*walkDatasource { return w.datasources }, func(d *walkDatasource) (walkPlacement, string) { return d.walkPlacement, d.name })
}

func (w *walkWorld) secretTaken(pl walkPlacement) func(string) bool {
	return walkTaken(w, pl, func() []*walkSecret { return w.secrets }, func(s *walkSecret) (walkPlacement, string) { return s.walkPlacement, s.name })
}

// walkTaken says, for a folded name, whether an object of objects in the scope of pl has it.
func walkTaken[T any](w *walkWorld, pl walkPlacement, objects func() []T, of func(T) (walkPlacement, string)) func(string) bool {
	return func(folded string) bool {
		for _, o := range objects() {
			if p, name := of(o); w.scopeKey(p) == w.scopeKey(pl) && w.fold(name) == folded {
				return true
			}
		}
		return false
	}
}

// placement picks the global scope or a project of the world, with a spelling of the project.
func (g *walkGen) placement(w *walkWorld, globalChance float64) walkPlacement {
	if len(w.projects) == 0 || g.chance(globalChance) {
		return walkPlacement{}
	}
	p, _ := walkPick(g, w.projects)
	return g.spellPlacement(w, p)
}

// spellPlacement writes the project of a placement: mostly a reference, on a case-insensitive
// server sometimes a literal in another case.
func (g *walkGen) spellPlacement(w *walkWorld, p *walkProject) walkPlacement {
	pl := walkPlacement{project: p}
	if !w.caseSensitive && g.chance(0.3) {
		if other := g.recase(p.name); other != "" {
			pl.spelling = other
		}
	}
	return pl
}

// Projects.

func (g *walkGen) addProject(w *walkWorld) string {
	if len(w.projects) >= walkMaxProjects {
		return ""
	}
	name := g.freshName(w, walkProjectBases, w.projectTaken)
	if name == "" {
		return ""
	}
	p := &walkProject{label: g.label(w, "p"), name: name}
	if g.chance(0.4) {
		p.displayName = "Team " + strings.ToUpper(name[:1])
	}
	if g.chance(0.3) {
		p.description = "Dashboards of " + name
	}
	w.projects = append(w.projects, p)
	return fmt.Sprintf("add project %s %q", p.label, p.name)
}

func (g *walkGen) removeProject(w *walkWorld) string {
	p, ok := walkPick(g, w.projects)
	if !ok {
		return ""
	}
	w.removeProjectContent(p)
	w.projects = walkRemove(w.projects, p)
	return fmt.Sprintf("remove project %s %q with its datasources and secrets", p.label, p.name)
}

// removeProjectContent removes the datasources and secrets of p: Perses deletes them with it.
func (w *walkWorld) removeProjectContent(p *walkProject) {
	var ds []*walkDatasource
	for _, d := range w.datasources {
		if d.project != p {
			ds = append(ds, d)
		}
	}
	w.datasources = ds
	var ss []*walkSecret
	for _, s := range w.secrets {
		if s.project != p {
			ss = append(ss, s)
		}
	}
	w.secrets = ss
}

func (g *walkGen) renameProject(w *walkWorld) string {
	p, ok := walkPick(g, w.projects)
	if !ok {
		return ""
	}
	name := g.freshName(w, walkProjectBases, walkOtherThan(p.name, w.projectTaken))
	if name == "" {
		return ""
	}
	old := p.name
	p.name = name
	w.resetSpellings(p)
	return fmt.Sprintf("rename project %s %q -> %q (a replacement; its datasources and secrets follow)", p.label, old, name)
}

// resetSpellings makes the objects of p refer to it again (its name changed).
func (w *walkWorld) resetSpellings(p *walkProject) {
	for _, d := range w.datasources {
		if d.project == p {
			d.spelling = ""
		}
	}
	for _, s := range w.secrets {
		if s.project == p {
			s.spelling = ""
		}
	}
}

func (g *walkGen) recaseProject(w *walkWorld) string {
	p, ok := walkPick(g, w.projects)
	if !ok {
		return ""
	}
	other := g.recase(p.name)
	if other == "" {
		return ""
	}
	old := p.name
	p.name = other
	what := "the same project on this server"
	if w.caseSensitive {
		what = "another project on this server: a replacement"
	}
	return fmt.Sprintf("recase project %s %q -> %q (%s)", p.label, old, other, what)
}

// twinProject adds, on a case-sensitive server, a project whose name differs from another's
// only in letter case.
func (g *walkGen) twinProject(w *walkWorld) string {
	if !w.caseSensitive || len(w.projects) >= walkMaxProjects {
		return ""
	}
	p, ok := walkPick(g, w.projects)
	if !ok {
		return ""
	}
	name := g.recase(p.name)
	if name == "" {
		return ""
	}
	q := &walkProject{label: g.label(w, "p"), name: name}
	w.projects = append(w.projects, q)
	return fmt.Sprintf("add project %s %q, a case variant of %q", q.label, name, p.name)
}

func (g *walkGen) projectDisplay(w *walkWorld) string {
	p, ok := walkPick(g, w.projects)
	if !ok {
		return ""
	}
	p.displayName, p.description = g.displayPair(p.displayName, p.description, p.name)
	return fmt.Sprintf("project %s display_name %q description %q", p.label, p.displayName, p.description)
}

// displayPair changes one of a display name and a description: omitted, set, or changed.
func (g *walkGen) displayPair(name, description, of string) (string, string) {
	values := []string{"", "Shown " + of, "Другое имя " + of, "Name with \"quotes\" and ${literal}"}
	if g.chance(0.5) {
		name, _ = walkPick(g, values)
	} else {
		description, _ = walkPick(g, append(values, "Line one\nline two"))
	}
	return name, description
}

// Datasources.

func (g *walkGen) addDatasource(w *walkWorld) string {
	if len(w.datasources) >= walkMaxDatasources {
		return ""
	}
	pl := g.placement(w, 0.5)
	name := g.freshName(w, walkDatasourceBases, w.datasourceTaken(pl))
	if name == "" {
		return ""
	}
	d := &walkDatasource{label: g.label(w, "d"), walkPlacement: pl, name: name}
	g.newKind(w, d)
	if g.chance(0.3) {
		d.displayName, d.description = g.displayPair("", "", name)
	}
	desc := fmt.Sprintf("add datasource %s %q in %s: %s", d.label, name, w.scopeName(pl), d.describeBody())
	if g.chance(0.35) {
		desc += w.makeDefault(d)
	}
	w.datasources = append(w.datasources, d)
	return desc
}

func (w *walkWorld) scopeName(pl walkPlacement) string {
	if pl.global() {
		return "the global scope"
	}
	return fmt.Sprintf("project %q", pl.projectName())
}

func (d *walkDatasource) describeBody() string {
	switch {
	case d.kind == walkRaw:
		return "raw " + d.rawKind
	case d.proxy != nil:
		return d.kind + " proxy"
	default:
		return d.kind + " direct"
	}
}

// makeDefault sets d as the default of its kind in its scope, and the current default (if any)
// stops being it: the default moves.
func (w *walkWorld) makeDefault(d *walkDatasource) string {
	d.def = walkFlagTrue
	desc := ", the default"
	for _, o := range w.datasources {
		if o != d && o.def == walkFlagTrue && o.pluginKind() == d.pluginKind() && w.scopeKey(o.walkPlacement) == w.scopeKey(d.walkPlacement) {
			o.def = walkFlagOmitted
			desc += fmt.Sprintf(" (moved from %s %q)", o.label, o.name)
		}
	}
	return desc
}

// clearConflictingDefault makes d's own flag false if its (new) kind already has a default in
// its (new) scope.
func (w *walkWorld) clearConflictingDefault(d *walkDatasource) {
	if d.def != walkFlagTrue {
		return
	}
	for _, o := range w.datasources {
		if o != d && o.def == walkFlagTrue && o.pluginKind() == d.pluginKind() && w.scopeKey(o.walkPlacement) == w.scopeKey(d.walkPlacement) {
			d.def = walkFlagFalse
		}
	}
}

// newKind gives d a random kind and body.
func (g *walkGen) newKind(w *walkWorld, d *walkDatasource) {
	*d = walkDatasource{label: d.label, walkPlacement: d.walkPlacement, name: d.name, displayName: d.displayName,
		description: d.description, def: d.def, createBeforeDestroy: d.createBeforeDestroy}
	if g.chance(0.15) {
		d.kind = walkRaw
		d.rawKind = "JaegerDatasource"
		if g.chance(0.35) {
			d.rawKind = "PrometheusDatasource"
		}
		g.rawBody(d)
		return
	}
	k, _ := walkPick(g, walkKinds)
	d.kind = k.attribute
	if g.chance(0.5) {
		d.directURL = g.directURL(d.kind)
	} else {
		d.proxy = g.newProxy(w, d)
	}
	if d.kind == "prometheus" {
		if g.chance(0.4) {
			d.scrapeInterval, _ = walkPick(g, []string{"15s", "1m30s", "1m", "2h"})
		}
		if g.chance(0.3) {
			d.queryParams = g.queryParams()
		}
	}
}

func (g *walkGen) rawBody(d *walkDatasource) {
	d.directURL = g.directURL(strings.ToLower(strings.TrimSuffix(d.rawKind, "Datasource")))
	d.maxTraces, d.tags, d.scrapeInterval = 0, nil, ""
	if d.rawKind == "JaegerDatasource" {
		if g.chance(0.5) {
			d.maxTraces = 10 * (1 + g.rng.Intn(5))
		}
		if g.chance(0.5) {
			d.tags = []string{"a", "b", "c"}[:g.rng.Intn(3)]
		}
	} else if g.chance(0.5) {
		d.scrapeInterval, _ = walkPick(g, []string{"15s", "30s"})
	}
}

// The URLs are loopback addresses: nothing contacts them, and if anything did, it would stay on
// this machine.
func (g *walkGen) directURL(kind string) string {
	return fmt.Sprintf("http://127.0.0.1:%d/%s", 19000+g.rng.Intn(3), kind)
}

func (g *walkGen) proxyURL(kind string) string {
	return fmt.Sprintf("http://127.0.0.1:%d/%s-backend", 19100+g.rng.Intn(3), kind)
}

func (g *walkGen) newProxy(w *walkWorld, d *walkDatasource) *walkProxy {
	px := &walkProxy{url: g.proxyURL(d.kind)}
	if g.chance(0.4) {
		g.setEndpoints(px, walkKindOf(d.kind))
	}
	if g.chance(0.3) {
		px.headers = g.headerMap()
	}
	if g.chance(0.4) {
		px.secret = g.secretIn(w, d.walkPlacement)
	}
	return px
}

func (g *walkGen) secretIn(w *walkWorld, pl walkPlacement) *walkSecret {
	var in []*walkSecret
	for _, s := range w.secrets {
		if w.scopeKey(s.walkPlacement) == w.scopeKey(pl) {
			in = append(in, s)
		}
	}
	s, _ := walkPick(g, in)
	return s
}

// setEndpoints writes allowed_endpoints: [] (everything allowed), the UI defaults in their
// order or shuffled, a part of them, or entries of no kind.
func (g *walkGen) setEndpoints(px *walkProxy, k walkKind) string {
	px.endpointsSet = true
	switch g.rng.Intn(5) {
	case 0:
		px.endpoints = nil
		return "[]"
	case 1:
		px.endpoints = append([]walkEndpoint(nil), k.uiEndpoints...)
		return "the UI defaults, written out"
	case 2:
		px.endpoints = append([]walkEndpoint(nil), k.uiEndpoints...)
		g.rng.Shuffle(len(px.endpoints), func(i, j int) { px.endpoints[i], px.endpoints[j] = px.endpoints[j], px.endpoints[i] })
		return "the UI defaults in another order"
	case 3:
		px.endpoints = append([]walkEndpoint(nil), k.uiEndpoints[:1+g.rng.Intn(len(k.uiEndpoints))]...)
		g.rng.Shuffle(len(px.endpoints), func(i, j int) { px.endpoints[i], px.endpoints[j] = px.endpoints[j], px.endpoints[i] })
		return fmt.Sprintf("%d of the UI defaults", len(px.endpoints))
	default:
		px.endpoints = []walkEndpoint{{"/api/v1/status/buildinfo", "GET"}, {"/custom/(a|b)", "POST"}}[:1+g.rng.Intn(2)]
		return "custom entries"
	}
}

func (g *walkGen) headerMap() map[string]string {
	switch g.rng.Intn(3) {
	case 0:
		return map[string]string{"X-Scope-OrgID": "team-a"}
	case 1:
		return map[string]string{"X-Scope-OrgID": "team-b", "X-Env": "prod"}
	default:
		return map[string]string{"X-Tenant": "t1"}
	}
}

func (g *walkGen) queryParams() map[string]string {
	if g.chance(0.5) {
		return map[string]string{"dedup": "true"}
	}
	return map[string]string{"partial_response": "false", "max_source_resolution": "5m"}
}

// datasourcesWhere lists the datasources that keep.
func (w *walkWorld) datasourcesWhere(keep func(*walkDatasource) bool) []*walkDatasource {
	var out []*walkDatasource
	for _, d := range w.datasources {
		if keep(d) {
			out = append(out, d)
		}
	}
	return out
}

func (g *walkGen) removeDatasource(w *walkWorld) string {
	d, ok := walkPick(g, w.datasources)
	if !ok {
		return ""
	}
	w.datasources = walkRemove(w.datasources, d)
	return fmt.Sprintf("remove datasource %s %q", d.label, d.name)
}

// pickDatasource prefers a default datasource half of the time: renaming and moving defaults is
// where the flag's bookkeeping goes wrong.
func (g *walkGen) pickDatasource(w *walkWorld) (*walkDatasource, bool) {
	if g.chance(0.5) {
		if d, ok := walkPick(g, w.datasourcesWhere(func(d *walkDatasource) bool { return d.def == walkFlagTrue })); ok {
			return d, true
		}
	}
	return walkPick(g, w.datasources)
}

func (g *walkGen) renameDatasource(w *walkWorld) string {
	d, ok := g.pickDatasource(w)
	if !ok {
		return ""
	}
	name := g.freshName(w, walkDatasourceBases, walkOtherThan(d.name, w.datasourceTaken(d.walkPlacement)))
	if name == "" {
		return ""
	}
	old := d.name
	d.name = name
	return fmt.Sprintf("rename datasource %s %q -> %q (a replacement%s)", d.label, old, name, walkDefaultNote(d))
}

func walkDefaultNote(d *walkDatasource) string {
	if d.def == walkFlagTrue {
		return ", of the default " + d.pluginKind()
	}
	return ""
}

func (g *walkGen) recaseDatasource(w *walkWorld) string {
	d, ok := g.pickDatasource(w)
	if !ok {
		return ""
	}
	other := g.recase(d.name)
	if other == "" {
		return ""
	}
	old := d.name
	d.name = other
	return fmt.Sprintf("recase datasource %s %q -> %q%s", d.label, old, other, walkDefaultNote(d))
}

// twinDatasource adds, on a case-sensitive server, a datasource whose name differs from another
// one's of the same scope only in letter case, mostly of the same kind (so that the default can
// move between them).
func (g *walkGen) twinDatasource(w *walkWorld) string {
	if !w.caseSensitive || len(w.datasources) >= walkMaxDatasources {
		return ""
	}
	d, ok := walkPick(g, w.datasources)
	if !ok {
		return ""
	}
	name := g.recase(d.name)
	if name == "" {
		return ""
	}
	label := g.label(w, "d")
	t := &walkDatasource{walkPlacement: d.walkPlacement}
	if g.chance(0.7) {
		t = d.cloneBody()
	} else {
		g.newKind(w, t)
	}
	t.label, t.name, t.def, t.displayName, t.description = label, name, walkFlagOmitted, "", ""
	w.datasources = append(w.datasources, t)
	return fmt.Sprintf("add datasource %s %q, a case variant of %q: %s", t.label, name, d.name, t.describeBody())
}

// cloneBody copies a datasource (its proxy and maps too).
func (d *walkDatasource) cloneBody() *walkDatasource {
	c := *d
	c.queryParams = walkCopyMap(d.queryParams)
	if d.tags != nil {
		c.tags = append([]string{}, d.tags...)
	}
	if d.proxy != nil {
		px := *d.proxy
		px.endpoints = append([]walkEndpoint(nil), d.proxy.endpoints...)
		px.headers = walkCopyMap(d.proxy.headers)
		c.proxy = &px
	}
	return &c
}

// otherProject picks a project of w other than p.
func (g *walkGen) otherProject(w *walkWorld, p *walkProject) (*walkProject, bool) {
	var others []*walkProject
	for _, o := range w.projects {
		if o != p {
			others = append(others, o)
		}
	}
	return walkPick(g, others)
}

func (g *walkGen) moveDatasource(w *walkWorld) string {
	d, ok := walkPick(g, w.datasourcesWhere(func(d *walkDatasource) bool { return !d.global() }))
	if !ok {
		return ""
	}
	p, ok := g.otherProject(w, d.project)
	if !ok {
		return ""
	}
	from := d.projectName()
	d.walkPlacement = g.spellPlacement(w, p)
	if d.proxy != nil && d.proxy.secret != nil {
		d.proxy.secret = g.secretIn(w, d.walkPlacement)
	}
	w.clearConflictingDefault(d)
	return fmt.Sprintf("move datasource %s %q from project %q to %q (a replacement)", d.label, d.name, from, d.projectName())
}

// respellDatasourceProject writes, on a case-insensitive server, the project of a datasource in
// another letter case (or as the reference again): the same project there.
func (g *walkGen) respellDatasourceProject(w *walkWorld) string {
	if w.caseSensitive {
		return ""
	}
	d, ok := walkPick(g, w.datasourcesWhere(func(d *walkDatasource) bool { return !d.global() }))
	if !ok {
		return ""
	}
	from := d.projectName()
	d.walkPlacement = g.respell(d.walkPlacement)
	return fmt.Sprintf("datasource %s: project %q -> %q (letter case only)", d.label, from, d.projectName())
}

func (g *walkGen) respell(pl walkPlacement) walkPlacement {
	if pl.spelling != "" && g.chance(0.4) {
		pl.spelling = ""
		return pl
	}
	pl.spelling = g.recase(pl.projectName())
	return pl
}

func (g *walkGen) toggleDefault(w *walkWorld) string {
	d, ok := walkPick(g, w.datasources)
	if !ok {
		return ""
	}
	if d.def == walkFlagTrue {
		d.def = walkFlagOmitted
		if g.chance(0.5) {
			d.def = walkFlagFalse
		}
		return fmt.Sprintf("datasource %s %q is no longer the default", d.label, d.name)
	}
	return fmt.Sprintf("datasource %s %q%s", d.label, d.name, w.makeDefault(d))
}

// moveDefault moves the default flag to another datasource of the same kind and scope, a case
// twin when there is one.
func (g *walkGen) moveDefault(w *walkWorld) string {
	from, ok := walkPick(g, w.datasourcesWhere(func(d *walkDatasource) bool { return d.def == walkFlagTrue }))
	if !ok {
		return ""
	}
	candidates := w.datasourcesWhere(func(d *walkDatasource) bool {
		return d != from && d.pluginKind() == from.pluginKind() && w.scopeKey(d.walkPlacement) == w.scopeKey(from.walkPlacement)
	})
	var twins []*walkDatasource
	for _, d := range candidates {
		if strings.EqualFold(d.name, from.name) {
			twins = append(twins, d)
		}
	}
	if len(twins) > 0 {
		candidates = twins
	}
	to, ok := walkPick(g, candidates)
	if !ok {
		return ""
	}
	return fmt.Sprintf("datasource %s %q%s", to.label, to.name, w.makeDefault(to))
}

func (g *walkGen) defaultForm(w *walkWorld) string {
	d, ok := walkPick(g, w.datasourcesWhere(func(d *walkDatasource) bool { return d.def != walkFlagTrue }))
	if !ok {
		return ""
	}
	if d.def == walkFlagOmitted {
		d.def = walkFlagFalse
		return fmt.Sprintf("datasource %s: default = false written out", d.label)
	}
	d.def = walkFlagOmitted
	return fmt.Sprintf("datasource %s: default = false omitted", d.label)
}

func (g *walkGen) changeKind(w *walkWorld) string {
	d, ok := g.pickDatasource(w)
	if !ok {
		return ""
	}
	from := d.describeBody()
	g.newKind(w, d)
	w.clearConflictingDefault(d)
	return fmt.Sprintf("datasource %s %q: %s -> %s%s", d.label, d.name, from, d.describeBody(), walkDefaultNote(d))
}

func (g *walkGen) typedDatasource(w *walkWorld, keep func(*walkDatasource) bool) (*walkDatasource, bool) {
	return walkPick(g, w.datasourcesWhere(func(d *walkDatasource) bool { return d.kind != walkRaw && keep(d) }))
}

func (g *walkGen) switchAccess(w *walkWorld) string {
	d, ok := g.typedDatasource(w, func(*walkDatasource) bool { return true })
	if !ok {
		return ""
	}
	if d.proxy != nil {
		d.proxy, d.directURL = nil, g.directURL(d.kind)
		return fmt.Sprintf("datasource %s %q: proxy -> direct_url", d.label, d.name)
	}
	d.directURL, d.proxy = "", g.newProxy(w, d)
	return fmt.Sprintf("datasource %s %q: direct_url -> proxy", d.label, d.name)
}

func (g *walkGen) changeURL(w *walkWorld) string {
	d, ok := g.typedDatasource(w, func(*walkDatasource) bool { return true })
	if !ok {
		return ""
	}
	if d.proxy != nil {
		d.proxy.url = g.proxyURL(d.kind)
		return fmt.Sprintf("datasource %s: proxy.url %s", d.label, d.proxy.url)
	}
	d.directURL = g.directURL(d.kind)
	return fmt.Sprintf("datasource %s: direct_url %s", d.label, d.directURL)
}

func walkWithProxy(d *walkDatasource) bool { return d.proxy != nil }

func (g *walkGen) allowedEndpoints(w *walkWorld) string {
	d, ok := g.typedDatasource(w, walkWithProxy)
	if !ok {
		return ""
	}
	if d.proxy.endpointsSet && g.chance(0.5) {
		d.proxy.endpointsSet, d.proxy.endpoints = false, nil
		return fmt.Sprintf("datasource %s: allowed_endpoints omitted", d.label)
	}
	return fmt.Sprintf("datasource %s: allowed_endpoints = %s", d.label, g.setEndpoints(d.proxy, walkKindOf(d.kind)))
}

func (g *walkGen) headers(w *walkWorld) string {
	d, ok := g.typedDatasource(w, walkWithProxy)
	if !ok {
		return ""
	}
	if d.proxy.headers != nil && g.chance(0.5) {
		d.proxy.headers = nil
		return fmt.Sprintf("datasource %s: headers omitted", d.label)
	}
	d.proxy.headers = g.headerMap()
	return fmt.Sprintf("datasource %s: headers %v", d.label, d.proxy.headers)
}

func (g *walkGen) proxySecret(w *walkWorld) string {
	d, ok := g.typedDatasource(w, walkWithProxy)
	if !ok {
		return ""
	}
	if d.proxy.secret != nil && g.chance(0.5) {
		d.proxy.secret = nil
		return fmt.Sprintf("datasource %s: proxy.secret omitted", d.label)
	}
	s := g.secretIn(w, d.walkPlacement)
	if s == nil || s == d.proxy.secret {
		return ""
	}
	d.proxy.secret = s
	return fmt.Sprintf("datasource %s: proxy.secret = %s %q", d.label, s.label, s.name)
}

func (g *walkGen) prometheusOptions(w *walkWorld) string {
	d, ok := g.typedDatasource(w, func(d *walkDatasource) bool { return d.kind == "prometheus" })
	if !ok {
		return ""
	}
	if g.chance(0.5) {
		if d.scrapeInterval != "" && g.chance(0.5) {
			d.scrapeInterval = ""
		} else {
			d.scrapeInterval, _ = walkPick(g, []string{"15s", "1m30s", "1m", "2h"})
		}
		return fmt.Sprintf("datasource %s: scrape_interval %q", d.label, d.scrapeInterval)
	}
	if d.queryParams != nil && g.chance(0.5) {
		d.queryParams = nil
	} else {
		d.queryParams = g.queryParams()
	}
	return fmt.Sprintf("datasource %s: query_params %v", d.label, d.queryParams)
}

func (g *walkGen) datasourceDisplay(w *walkWorld) string {
	d, ok := walkPick(g, w.datasources)
	if !ok {
		return ""
	}
	d.displayName, d.description = g.displayPair(d.displayName, d.description, d.name)
	return fmt.Sprintf("datasource %s display_name %q description %q", d.label, d.displayName, d.description)
}

func (g *walkGen) rawSpec(w *walkWorld) string {
	d, ok := walkPick(g, w.datasourcesWhere(func(d *walkDatasource) bool { return d.kind == walkRaw }))
	if !ok {
		return ""
	}
	g.rawBody(d)
	return fmt.Sprintf("datasource %s: new raw %s spec", d.label, d.rawKind)
}

// createBeforeDestroy is not part of the world's JSON: it changes the order Terraform replaces in.
func (g *walkGen) createBeforeDestroy(w *walkWorld) string {
	d, ok := walkPick(g, w.datasources)
	if !ok {
		return ""
	}
	d.createBeforeDestroy = !d.createBeforeDestroy
	return fmt.Sprintf("datasource %s: create_before_destroy = %v", d.label, d.createBeforeDestroy)
}

// Secrets.

func (g *walkGen) addSecret(w *walkWorld) string {
	if len(w.secrets) >= walkMaxSecrets {
		return ""
	}
	pl := g.placement(w, 0.5)
	name := g.freshName(w, walkSecretBases, w.secretTaken(pl))
	if name == "" {
		return ""
	}
	s := &walkSecret{label: g.label(w, "s"), walkPlacement: pl, name: name}
	g.secretBody(s)
	w.secrets = append(w.secrets, s)
	return fmt.Sprintf("add secret %s %q in %s", s.label, name, w.scopeName(pl))
}

func (g *walkGen) secretBody(s *walkSecret) {
	s.username, s.password, s.authType, s.credentials = "", "", "", ""
	if g.chance(0.5) {
		s.username, _ = walkPick(g, []string{"perses", "reader", "admin.x"})
		s.password = g.secretValue("pw")
		return
	}
	s.authType, _ = walkPick(g, []string{"", "", "Bearer", "Token"})
	s.credentials = g.secretValue("token")
}

func (g *walkGen) secretValue(prefix string) string {
	return fmt.Sprintf("%s-%06d", prefix, g.rng.Intn(1000000))
}

func (g *walkGen) removeSecret(w *walkWorld) string {
	s, ok := walkPick(g, w.secrets)
	if !ok {
		return ""
	}
	w.secrets = walkRemove(w.secrets, s)
	for _, d := range w.datasources {
		if d.proxy != nil && d.proxy.secret == s {
			d.proxy.secret = nil
		}
	}
	return fmt.Sprintf("remove secret %s %q (and the proxies naming it)", s.label, s.name)
}

func (g *walkGen) renameSecret(w *walkWorld) string {
	s, ok := walkPick(g, w.secrets)
	if !ok {
		return ""
	}
	name := g.freshName(w, walkSecretBases, walkOtherThan(s.name, w.secretTaken(s.walkPlacement)))
	if name == "" {
		return ""
	}
	old := s.name
	s.name = name
	return fmt.Sprintf("rename secret %s %q -> %q (a replacement; the proxies naming it follow)", s.label, old, name)
}

func (g *walkGen) recaseSecret(w *walkWorld) string {
	s, ok := walkPick(g, w.secrets)
	if !ok {
		return ""
	}
	other := g.recase(s.name)
	if other == "" {
		return ""
	}
	old := s.name
	s.name = other
	return fmt.Sprintf("recase secret %s %q -> %q", s.label, old, other)
}

func (g *walkGen) moveSecret(w *walkWorld) string {
	s, ok := walkPick(g, w.secrets)
	if !ok || s.global() {
		return ""
	}
	p, ok := g.otherProject(w, s.project)
	if !ok {
		return ""
	}
	from := s.projectName()
	s.walkPlacement = g.spellPlacement(w, p)
	for _, d := range w.datasources {
		if d.proxy != nil && d.proxy.secret == s {
			d.proxy.secret = nil
		}
	}
	return fmt.Sprintf("move secret %s %q from project %q to %q (a replacement; the proxies naming it drop it)", s.label, s.name, from, s.projectName())
}

func (g *walkGen) respellSecretProject(w *walkWorld) string {
	if w.caseSensitive {
		return ""
	}
	s, ok := walkPick(g, w.secrets)
	if !ok || s.global() {
		return ""
	}
	from := s.projectName()
	s.walkPlacement = g.respell(s.walkPlacement)
	return fmt.Sprintf("secret %s: project %q -> %q (letter case only)", s.label, from, s.projectName())
}

func (g *walkGen) secretValues(w *walkWorld) string {
	s, ok := walkPick(g, w.secrets)
	if !ok {
		return ""
	}
	switch {
	case g.chance(0.3):
		g.secretBody(s)
		return fmt.Sprintf("secret %s: new form and values", s.label)
	case s.username != "" && g.chance(0.5):
		s.username = g.spell("reader")
		return fmt.Sprintf("secret %s: username %q", s.label, s.username)
	case s.username != "":
		s.password = g.secretValue("pw")
		return fmt.Sprintf("secret %s: new password", s.label)
	case g.chance(0.5):
		s.authType, _ = walkPick(g, []string{"", "Bearer", "Token"})
		return fmt.Sprintf("secret %s: authorization type %q", s.label, s.authType)
	default:
		s.credentials = g.secretValue("token")
		return fmt.Sprintf("secret %s: new credentials", s.label)
	}
}

func walkRemove[T comparable](list []T, item T) []T {
	var out []T
	for _, x := range list {
		if x != item {
			out = append(out, x)
		}
	}
	return out
}

// TestWalkGeneratorStaysValid runs the generator offline for many steps in both case modes:
// every world is a valid configuration, and every mutation of the mode happens.
func TestWalkGeneratorStaysValid(t *testing.T) {
	for _, caseSensitive := range []bool{false, true} {
		g := &walkGen{rng: rand.New(rand.NewSource(7))}
		w, _ := g.initial(caseSensitive)
		for step := 0; step < 2000; step++ {
			next, did := g.next(w)
			if why := next.valid(); why != "" {
				t.Fatalf("case_sensitive %v, step %d (%v): invalid world: %s\n%s", caseSensitive, step, did, why, walkRender(next))
			}
			if why := walkTransitionProblem(w, next); why != "" {
				t.Fatalf("case_sensitive %v, step %d (%v): %s", caseSensitive, step, did, why)
			}
			next.expected()
			w = next
		}
		for _, m := range walkMutations {
			onlyIn := map[string]bool{"twin project": true, "twin datasource": true,
				"respell project of datasource": false, "respell project of secret": false}
			if mode, special := onlyIn[m.name]; special && mode != caseSensitive {
				continue
			}
			if g.counts[m.name] == 0 {
				t.Errorf("case_sensitive %v: mutation %q never happened in 2000 steps", caseSensitive, m.name)
			}
		}
		t.Logf("case_sensitive %v: %v", caseSensitive, g.counts)
	}
}
