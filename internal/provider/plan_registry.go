package provider

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"
)

// planRegistry records what the resources of one Terraform run plan, in this provider process,
// so that a check can look beyond one resource: two datasources planned as the default of the
// same kind in the same scope, a current default that another resource stops being (or that is
// destroyed or replaced), a project or secret created in the same run.
//
// Terraform plans resources concurrently and in an order of its own (a resource after those it
// references), so a check that needs a resource not planned yet waits for it. It does not wait
// for a fixed time: the registry knows how many calls of this provider are in flight (every
// resource method calls track), and a wait ends as soon as the resource is recorded, or once
// every call in flight is itself waiting and nothing has happened for registryIdleGrace (no call
// can then record it: Terraform plans a resource only after the ones it depends on, and those are
// the waiting ones), or after registryMaxWait at most.
type planRegistry struct {
	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every record and every call start or end
	// defaults are the planned datasources by default key, then by name as written.
	defaults map[defaultKey]map[string]plannedDatasource
	projects map[string]bool // lowercased names
	secrets  map[string]bool // secretKey
	roles    map[string]bool // roleKey (plan_registry_rbac.go)
	users    map[string]bool // lowercased names
	// replacedUsers are the users planned for replacement (lowercased names): the create of the
	// replacement finds the old user on the server, which its destroy removes first.
	replacedUsers map[string]bool

	active, waiting int       // calls in flight, and how many of them wait here
	lastActivity    time.Time // of the last record, call start or call end
}

type plannedDatasource struct {
	project   string // as written in the configuration ("" in the global scope)
	name      string // as written in the configuration
	isDefault bool   // planned default flag; false when leaving
	// leaving: planned for destruction, or replaced by another object (a rename): no update of
	// this object comes in this run.
	leaving bool
}

var (
	// registryIdleGrace covers the time Terraform needs between two calls of one resource (its
	// refresh, validation and plan) so that a resource in between does not count as idle.
	registryIdleGrace = 500 * time.Millisecond
	// registryMaxWait bounds any wait, even while other calls keep the provider busy.
	registryMaxWait = 60 * time.Second
)

func newPlanRegistry() *planRegistry {
	return &planRegistry{
		changed:       make(chan struct{}),
		defaults:      map[defaultKey]map[string]plannedDatasource{},
		projects:      map[string]bool{},
		secrets:       map[string]bool{},
		roles:         map[string]bool{},
		users:         map[string]bool{},
		replacedUsers: map[string]bool{},
		lastActivity:  time.Now(),
	}
}

// track counts a call of the provider as in flight until the returned function runs:
// `defer r.data.planned.track()()` at the start of every resource method.
func (r *planRegistry) track() func() {
	if r == nil {
		return func() {}
	}
	r.record(func() { r.active++ })
	return func() { r.record(func() { r.active-- }) }
}

// record runs update under the lock and wakes the waiting checks.
func (r *planRegistry) record(update func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	update()
	r.lastActivity = time.Now()
	close(r.changed)
	r.changed = make(chan struct{})
}

// waitUntil calls found (without the lock held) until it is true, or until no other call can
// make it true (see planRegistry).
func (r *planRegistry) waitUntil(ctx context.Context, found func() bool) bool {
	if found() {
		return true
	}
	r.mu.Lock()
	r.waiting++
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.waiting--
		r.mu.Unlock()
	}()
	deadline := time.Now().Add(registryMaxWait)
	for {
		r.mu.Lock()
		changed, idle, stalled := r.changed, time.Since(r.lastActivity), r.active <= r.waiting
		r.mu.Unlock()
		if found() {
			return true
		}
		if (stalled && idle >= registryIdleGrace) || time.Now().After(deadline) {
			return false
		}
		wake := time.NewTimer(max(registryIdleGrace-idle, 10*time.Millisecond))
		select {
		case <-changed:
		case <-wake.C:
		case <-ctx.Done():
			wake.Stop()
			return false
		}
		wake.Stop()
	}
}

func secretKey(project, name string) string { return strings.ToLower(project + "/" + name) }

// recordDatasource notes the planned default flag of a datasource.
func (r *planRegistry) recordDatasource(key defaultKey, p plannedDatasource) {
	p.project = key.project
	r.record(func() {
		if r.defaults[key] == nil {
			r.defaults[key] = map[string]plannedDatasource{}
		}
		r.defaults[key][p.name] = p
	})
}

// recordProject notes a project planned to exist.
func (r *planRegistry) recordProject(name string) {
	r.record(func() { r.projects[strings.ToLower(name)] = true })
}

// recordSecret notes a secret planned to exist (project "" for a global secret).
func (r *planRegistry) recordSecret(project, name string) {
	r.record(func() { r.secrets[secretKey(project, name)] = true })
}

// otherDefaults names the other datasources planned as default for key. Names are compared
// exactly: on a case-sensitive server "logs" and "Logs" are two datasources.
func (r *planRegistry) otherDefaults(key defaultKey, name string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var names []string
	for written, p := range r.defaults[key] {
		if written != name && p.isDefault {
			names = append(names, written)
		}
	}
	sort.Strings(names)
	return names
}

// spellingsOf returns the plans recorded for the kind of key, in projects spelled like key's but
// for letter case, under names equal to name but for letter case: the exact spellings first.
// Whether another spelling designates the same datasource, only the server can tell.
func (r *planRegistry) spellingsOf(key defaultKey, name string) []plannedDatasource {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []plannedDatasource
	for k, planned := range r.defaults {
		if k.kind != key.kind || !strings.EqualFold(k.project, key.project) {
			continue
		}
		for written, p := range planned {
			if strings.EqualFold(written, name) {
				out = append(out, p)
			}
		}
	}
	exact := func(p plannedDatasource) bool { return p.project == key.project && p.name == name }
	sort.Slice(out, func(i, j int) bool {
		if exact(out[i]) != exact(out[j]) {
			return exact(out[i])
		}
		return out[i].project+"/"+out[i].name < out[j].project+"/"+out[j].name
	})
	return out
}

// waitForDatasource returns the plan of the datasource the server stores as name in the scope of
// key: the plan recorded under that exact spelling, or under another spelling (of the name or the
// project) for which same says it is that object; found is false if Terraform does not plan it in
// this run (it is not managed here).
func (r *planRegistry) waitForDatasource(ctx context.Context, key defaultKey, name string, same func(p plannedDatasource) bool) (p plannedDatasource, found bool) {
	found = r.waitUntil(ctx, func() bool {
		for _, candidate := range r.spellingsOf(key, name) {
			if (candidate.project == key.project && candidate.name == name) || same(candidate) {
				p = candidate
				return true
			}
		}
		return false
	})
	return p, found
}

// waitForProject says whether a project is planned to exist in this run.
func (r *planRegistry) waitForProject(ctx context.Context, name string) bool {
	return r.waitUntil(ctx, func() bool { return r.projectPlanned(name) })
}

// projectPlanned says, without waiting, whether a project is planned to exist in this run.
func (r *planRegistry) projectPlanned(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.projects[strings.ToLower(name)]
}

// waitForSecret says whether a secret is planned to exist in this run.
func (r *planRegistry) waitForSecret(ctx context.Context, project, name string) bool {
	return r.waitUntil(ctx, func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.secrets[secretKey(project, name)]
	})
}
