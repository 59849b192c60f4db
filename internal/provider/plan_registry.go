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
// same kind in the same scope, or a current default that another resource stops being.
// Terraform plans resources concurrently and in an order of its own, so a check that needs a
// resource not planned yet waits for it, for a bounded time.
type planRegistry struct {
	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every record
	defaults map[defaultKey]map[string]plannedDatasource
	projects map[string]bool
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
	}
}

func (r *planRegistry) notify() {
	close(r.changed)
	r.changed = make(chan struct{})
}

// recordDatasource notes the planned default flag of a datasource.
func (r *planRegistry) recordDatasource(key defaultKey, name string, isDefault bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	byName, ok := r.defaults[key]
	if !ok {
		byName = map[string]plannedDatasource{}
		r.defaults[key] = byName
	}
	byName[strings.ToLower(name)] = plannedDatasource{name: name, isDefault: isDefault}
	r.notify()
}

// recordProject notes a project planned to exist.
func (r *planRegistry) recordProject(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.projects[strings.ToLower(name)] = true
	r.notify()
}

func (r *planRegistry) projectPlanned(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.projects[strings.ToLower(name)]
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

// waitForDatasource returns the plan of a datasource, waiting up to registryWait for Terraform
// to plan it; found is false if it is not planned in this run (not managed here).
func (r *planRegistry) waitForDatasource(ctx context.Context, key defaultKey, name string) (plannedDatasource, bool) {
	deadline := time.NewTimer(registryWait)
	defer deadline.Stop()
	for {
		r.mu.Lock()
		p, ok := r.defaults[key][strings.ToLower(name)]
		changed := r.changed
		r.mu.Unlock()
		if ok {
			return p, true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return plannedDatasource{}, false
		case <-ctx.Done():
			return plannedDatasource{}, false
		}
	}
}

// waitForProject says whether a project is planned in this run, waiting up to registryWait for
// Terraform to plan it.
func (r *planRegistry) waitForProject(ctx context.Context, name string) bool {
	deadline := time.NewTimer(registryWait)
	defer deadline.Stop()
	for {
		r.mu.Lock()
		ok := r.projects[strings.ToLower(name)]
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
