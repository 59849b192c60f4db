package provider

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/types"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
)

// onlineCache holds what the plan-time checks read from the server, once per provider process
// (one Terraform plan or apply), so that their cost does not grow with the number of resources:
// one plugin list, one default list per scope and kind, one read per project. Writes made by
// this process invalidate what they change.
type onlineCache struct {
	mu       sync.Mutex
	plugins  *cached[[]string]
	defaults map[defaultKey]*cached[[]string]
	projects map[string]*cached[bool]
	secrets  map[string]*cached[[]string] // by project ("" = global secrets)
	// lists serve the refresh of the datasource resources (see readDatasource), by project.
	lists map[string]*cached[datasourceList]
	// stored are the identities the server stores for names as written (see sameObject).
	stored map[storedKey]*cached[identity]
	// rbac holds the reads of the role binding checks (online_cache_rbac.go).
	rbac rbacCache
}

// storedKey is one spelling of an object's identity in one scope.
type storedKey struct {
	scope         scope
	project, name string
}

// cached is one value fetched at most once; concurrent callers wait for the first fetch.
type cached[T any] struct {
	once  sync.Once
	value T
	err   error
}

func (c *cached[T]) get(fetch func() (T, error)) (T, error) {
	c.once.Do(func() { c.value, c.err = fetch() })
	return c.value, c.err
}

func newOnlineCache() *onlineCache {
	return &onlineCache{defaults: map[defaultKey]*cached[[]string]{}, projects: map[string]*cached[bool]{}, secrets: map[string]*cached[[]string]{},
		stored: map[storedKey]*cached[identity]{}}
}

// defaultKey is the unit of the default flag: one plugin kind in one scope (project "" = global),
// the project spelled as the configuration writes it (a case-sensitive server may hold both
// "Team" and "team").
type defaultKey struct {
	project string
	kind    string
}

func newDefaultKey(project, kind string) defaultKey {
	return defaultKey{project: project, kind: kind}
}

// sameObject says whether two spellings of an identity designate one object on the server: the
// server stores them under the same identity (see scope.storedIdentity). Each spelling is read
// once per process; one the server does not know designates no stored object.
func (o *onlineCache) sameObject(ctx context.Context, c *client.Client, s scope, a, b identity) (bool, error) {
	storedA, err := o.storedIdentity(ctx, c, s, a)
	if err != nil || storedA == (identity{}) {
		return false, err
	}
	storedB, err := o.storedIdentity(ctx, c, s, b)
	return err == nil && storedA == storedB, err
}

// storedIdentity is the identity the server stores for i, or the zero identity when it holds no
// such object.
func (o *onlineCache) storedIdentity(ctx context.Context, c *client.Client, s scope, i identity) (identity, error) {
	key := storedKey{scope: s, project: i.project.ValueString(), name: i.name.ValueString()}
	o.mu.Lock()
	entry, ok := o.stored[key]
	if !ok {
		entry = &cached[identity]{}
		o.stored[key] = entry
	}
	o.mu.Unlock()
	return entry.get(func() (identity, error) {
		project, name, err := s.storedIdentity(ctx, c, key.project, key.name)
		if errors.Is(err, client.ErrNotFound) {
			return identity{}, nil
		}
		if err != nil {
			return identity{}, err
		}
		return identity{project: types.StringValue(project), name: types.StringValue(name)}, nil
	})
}

// datasourceKinds lists the datasource plugin kinds loaded on the server.
func (o *onlineCache) datasourceKinds(ctx context.Context, c *client.Client) ([]string, error) {
	o.mu.Lock()
	if o.plugins == nil {
		o.plugins = &cached[[]string]{}
	}
	entry := o.plugins
	o.mu.Unlock()
	return entry.get(func() ([]string, error) {
		modules, err := c.ListPlugins(ctx)
		if err != nil {
			return nil, err
		}
		return client.LoadedDatasourceKinds(modules), nil
	})
}

// currentDefaults names the datasources that are the default of a kind in a scope on the server.
func (o *onlineCache) currentDefaults(ctx context.Context, c *client.Client, key defaultKey, project string) ([]string, error) {
	o.mu.Lock()
	entry, ok := o.defaults[key]
	if !ok {
		entry = &cached[[]string]{}
		o.defaults[key] = entry
	}
	o.mu.Unlock()
	return entry.get(func() ([]string, error) {
		yes := true
		list, err := c.ListDatasources(ctx, project, client.DatasourceFilter{Kind: key.kind, Default: &yes})
		if err != nil {
			return nil, err
		}
		names := make([]string, 0, len(list))
		for _, ds := range list {
			names = append(names, ds.Metadata.Name)
		}
		return names, nil
	})
}

// projectExists says whether a project exists on the server.
func (o *onlineCache) projectExists(ctx context.Context, c *client.Client, project string) (bool, error) {
	o.mu.Lock()
	entry, ok := o.projects[strings.ToLower(project)]
	if !ok {
		entry = &cached[bool]{}
		o.projects[strings.ToLower(project)] = entry
	}
	o.mu.Unlock()
	return entry.get(func() (bool, error) {
		_, err := c.GetProject(ctx, project)
		if errors.Is(err, client.ErrNotFound) {
			return false, nil
		}
		return err == nil, err
	})
}

// wroteDatasource forgets what a write to a datasource may have changed.
func (o *onlineCache) wroteDatasource(ds *v1.Datasource) {
	o.forgetDatasourceScope(ds.Metadata.Project, ds.Spec.Plugin.Kind)
}

// secretExists says whether a secret exists in a scope. The names come from one list per scope;
// a name missing from the list is confirmed with a GET, since an upstream bug can make lists
// answer [] (see the facts on the file database).
func (o *onlineCache) secretExists(ctx context.Context, c *client.Client, project, name string) (bool, error) {
	o.mu.Lock()
	entry, ok := o.secrets[strings.ToLower(project)]
	if !ok {
		entry = &cached[[]string]{}
		o.secrets[strings.ToLower(project)] = entry
	}
	o.mu.Unlock()
	names, err := entry.get(func() ([]string, error) {
		list, err := c.ListSecrets(ctx, project, "")
		if err != nil {
			return nil, err
		}
		out := make([]string, 0, len(list))
		for _, s := range list {
			out = append(out, strings.ToLower(s.Metadata.Name))
		}
		return out, nil
	})
	if err == nil && slices.Contains(names, strings.ToLower(name)) {
		return true, nil
	}
	_, err = c.GetSecret(ctx, project, name)
	if errors.Is(err, client.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}
