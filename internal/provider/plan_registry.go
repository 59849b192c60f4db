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
// same kind in the same scope, a current default that another resource stops being, a project or
// secret created in the same run. Terraform plans resources concurrently and in an order of its
// own (a resource after those it references), so a check that needs a resource not planned yet
// waits for it, for a bounded time.
type planRegistry struct {
	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every record
	defaults map[defaultKey]map[string]plannedDatasource
	projects map[string]bool // lowercased names
	secrets  map[string]bool // secretKey
}

type plannedDatasource struct {
	name      string // as written in the configuration
	isDefault bool   // planned default flag; false when planned for destruction
}

// registryWait bounds how long a check waits for a resource Terraform has not planned yet.
var registryWait = 5 * time.Second

func newPlanRegistry() *planRegistry {
	return &planRegistry{
		changed:  make(chan struct{}),
		defaults: map[defaultKey]map[string]plannedDatasource{},
		projects: map[string]bool{},
		secrets:  map[string]bool{},
	}
}

// record runs update under the lock and wakes the waiting checks.
func (r *planRegistry) record(update func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	update()
	close(r.changed)
	r.changed = make(chan struct{})
}

// waitUntil calls found (under the lock) until it is true or registryWait has passed.
func (r *planRegistry) waitUntil(ctx context.Context, found func() bool) bool {
	deadline := time.NewTimer(registryWait)
	defer deadline.Stop()
	for {
		r.mu.Lock()
		ok := found()
		changed := r.changed
		r.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
}

func secretKey(project, name string) string { return strings.ToLower(project + "/" + name) }

// recordDatasource notes the planned default flag of a datasource.
func (r *planRegistry) recordDatasource(key defaultKey, name string, isDefault bool) {
	r.record(func() {
		if r.defaults[key] == nil {
			r.defaults[key] = map[string]plannedDatasource{}
		}
		r.defaults[key][strings.ToLower(name)] = plannedDatasource{name: name, isDefault: isDefault}
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

// otherDefaults names the other datasources planned as default for key.
func (r *planRegistry) otherDefaults(key defaultKey, name string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var names []string
	for lower, p := range r.defaults[key] {
		if lower != strings.ToLower(name) && p.isDefault {
			names = append(names, p.name)
		}
	}
	sort.Strings(names)
	return names
}

// waitForDatasource returns the plan of a datasource; found is false if Terraform does not plan
// it in this run (it is not managed here).
func (r *planRegistry) waitForDatasource(ctx context.Context, key defaultKey, name string) (p plannedDatasource, found bool) {
	found = r.waitUntil(ctx, func() bool {
		p, found = r.defaults[key][strings.ToLower(name)]
		return found
	})
	return p, found
}

// waitForProject says whether a project is planned to exist in this run.
func (r *planRegistry) waitForProject(ctx context.Context, name string) bool {
	return r.waitUntil(ctx, func() bool { return r.projects[strings.ToLower(name)] })
}

// projectPlanned says, without waiting, whether a project is planned to exist in this run.
func (r *planRegistry) projectPlanned(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.projects[strings.ToLower(name)]
}

// waitForSecret says whether a secret is planned to exist in this run.
func (r *planRegistry) waitForSecret(ctx context.Context, project, name string) bool {
	return r.waitUntil(ctx, func() bool { return r.secrets[secretKey(project, name)] })
}
