package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// Datasources and secrets exist in two scopes, which Perses serves as two kinds each, with their
// own route and wire envelope: GlobalDatasource under /api/v1/globaldatasources and Datasource under
// /api/v1/projects/{project}/datasources, GlobalSecret and Secret likewise. Perses' own client
// (pkg/client/api/v1) has one interface per kind and scope. This client keeps one in-memory type
// per kind, the project one (*v1.Datasource, *v1.Secret: a global object has an empty
// Metadata.Project and the global Kind), and every call of either scope goes through scoped, which
// picks the route, the wire envelope and the decoding: project "" is the global scope. Nothing
// else in the client forks on the scope.

// scopedKind describes a kind of object that Perses serves in both scopes. T is the in-memory
// (project) type, G the global wire type.
type scopedKind[T, G any] struct {
	// object names the kind in messages: "datasource".
	object string
	// collection is the route segment of the project scope ("datasources"); the global scope's
	// is "global" + collection, as in Perses.
	collection string
	metadata   func(*T) *v1.ProjectMetadata
	// projectWire and globalWire are the envelopes sent, with the kind of their scope;
	// fromGlobal is what the client returns for a global answer.
	projectWire func(*T) *T
	globalWire  func(*T) *G
	fromGlobal  func(*G) *T
}

// ofAllProjects lists the project objects of the kind in every project the credentials may read,
// in one request (GET /api/v1/{collection}), filtered by query. Like every list, it may wrongly
// answer [] on a file database (see ListDatasources): never conclude from it alone that an object
// is gone.
func (k *scopedKind[T, G]) ofAllProjects(ctx context.Context, c *Client, query url.Values) ([]*T, error) {
	list := []*T{}
	if err := c.do(ctx, &request{method: http.MethodGet, path: apiPath(k.collection), query: query, out: &list, resend: true}); err != nil {
		return nil, err
	}
	return list, nil
}

// scoped is one kind in one scope: project "" is the global scope.
type scoped[T, G any] struct {
	kind    *scopedKind[T, G]
	project string
}

// in is the kind in the scope of project ("" for the global one).
func (k *scopedKind[T, G]) in(project string) scoped[T, G] {
	return scoped[T, G]{kind: k, project: project}
}

// of is the scope of obj, from its Metadata.Project, once obj's name and project are checked.
func (k *scopedKind[T, G]) of(obj *T) (scoped[T, G], string, error) {
	if obj == nil {
		return scoped[T, G]{}, "", fmt.Errorf("nil %s", k.object)
	}
	md := k.metadata(obj)
	s := k.in(md.Project)
	return s, md.Name, s.check(md.Name)
}

func (s scoped[T, G]) global() bool { return s.project == "" }

// route is the unescaped route of the scope's collection, or of one object of it.
func (s scoped[T, G]) route(name ...string) []string {
	if s.global() {
		return append([]string{"global" + s.kind.collection}, name...)
	}
	return append([]string{"projects", s.project, s.kind.collection}, name...)
}

// path is the escaped REST path of the collection, or of one object of it.
func (s scoped[T, G]) path(name ...string) string { return joinPath("/api/v1", s.route(name...)...) }

// validatePath is the dry-run validation endpoint of the scope (no project in it).
func (s scoped[T, G]) validatePath() string {
	route := s.route()
	return joinPath("/api/validate", route[len(route)-1])
}

// proxyPath is the escaped route of an object's Perses proxy, without the backend path.
func (s scoped[T, G]) proxyPath(name string) string { return joinPath("/proxy", s.route(name)...) }

// checkProject refuses a project name that cannot be put in a URL path.
func (s scoped[T, G]) checkProject() error {
	if s.global() {
		return nil
	}
	return checkName("project", s.project)
}

// check refuses a name, or project, that cannot be put in a URL path.
func (s scoped[T, G]) check(name string) error {
	if err := checkName(s.kind.object, name); err != nil {
		return err
	}
	return s.checkProject()
}

// wire is obj in the envelope of the scope: kind set, and no project for a global object.
func (s scoped[T, G]) wire(obj *T) any {
	if s.global() {
		return s.kind.globalWire(obj)
	}
	return s.kind.projectWire(obj)
}

// decodeInto returns where to decode one answer of the scope, and how to read the object from it.
func (s scoped[T, G]) decodeInto() (any, func() *T) {
	if s.global() {
		out := new(G)
		return out, func() *T { return s.kind.fromGlobal(out) }
	}
	out := new(T)
	return out, func() *T { return out }
}

// listInto returns where to decode a list answer of the scope, and how to read the objects from it.
func (s scoped[T, G]) listInto() (any, func() []*T) {
	if s.global() {
		var out []*G
		return &out, func() []*T {
			list := make([]*T, 0, len(out))
			for _, g := range out {
				list = append(list, s.kind.fromGlobal(g))
			}
			return list
		}
	}
	list := []*T{}
	return &list, func() []*T { return list }
}

// send sends req and decodes the answer of the scope.
func (s scoped[T, G]) send(ctx context.Context, c *Client, req *request) (*T, error) {
	out, result := s.decodeInto()
	req.out = out
	if err := c.do(ctx, req); err != nil {
		return nil, err
	}
	return result(), nil
}

// get reads one object; a missing one, or a missing project, satisfies ErrNotFound.
func (s scoped[T, G]) get(ctx context.Context, c *Client, name string) (*T, error) {
	if err := s.check(name); err != nil {
		return nil, err
	}
	return s.send(ctx, c, &request{method: http.MethodGet, path: s.path(name), resend: true})
}

// list reads the collection, filtered by query.
func (s scoped[T, G]) list(ctx context.Context, c *Client, query url.Values) ([]*T, error) {
	if err := s.checkProject(); err != nil {
		return nil, err
	}
	out, result := s.listInto()
	if err := c.do(ctx, &request{method: http.MethodGet, path: s.path(), query: query, out: out, resend: true}); err != nil {
		return nil, err
	}
	return result(), nil
}

// create POSTs obj (see Client.create). When the outcome of the POST was unknown and a read back
// found the object with same(got) true, that object is returned with readBack true.
func (s scoped[T, G]) create(ctx context.Context, c *Client, obj *T, name string, same func(got *T) bool) (out *T, readBack bool, err error) {
	into, result := s.decodeInto()
	var found *T
	check := func(ctx context.Context) (bool, error) {
		got, err := s.get(ctx, c, name)
		if err != nil {
			return false, err
		}
		if !same(got) {
			return false, nil
		}
		found = got
		return true, nil
	}
	req := &request{method: http.MethodPost, path: s.path(), body: s.wire(obj), out: into}
	if err := c.create(ctx, req, name, check); err != nil {
		return nil, false, err
	}
	if found != nil {
		return found, true, nil
	}
	return result(), false, nil
}

// update PUTs obj in place of the object of that name.
func (s scoped[T, G]) update(ctx context.Context, c *Client, obj *T, name string) (*T, error) {
	return s.send(ctx, c, &request{method: http.MethodPut, path: s.path(name), body: s.wire(obj), resend: true})
}

// delete deletes one object (Perses answers 204). A missing one satisfies ErrNotFound, except when
// an earlier attempt of this same call may have deleted it: that counts as success.
func (s scoped[T, G]) delete(ctx context.Context, c *Client, name string) error {
	if err := s.check(name); err != nil {
		return err
	}
	return c.do(ctx, &request{method: http.MethodDelete, path: s.path(name), resend: true})
}

// validate asks Perses to validate obj without storing it: a dry run, safe to resend.
func (s scoped[T, G]) validate(ctx context.Context, c *Client, obj *T) error {
	return c.do(ctx, &request{method: http.MethodPost, path: s.validatePath(), body: s.wire(obj), resend: true})
}

var datasources = &scopedKind[v1.Datasource, v1.GlobalDatasource]{
	object:     "datasource",
	collection: "datasources",
	metadata:   func(ds *v1.Datasource) *v1.ProjectMetadata { return &ds.Metadata },
	projectWire: func(ds *v1.Datasource) *v1.Datasource {
		wire := *ds
		wire.Kind = v1.KindDatasource
		return &wire
	},
	globalWire: func(ds *v1.Datasource) *v1.GlobalDatasource {
		return &v1.GlobalDatasource{Kind: v1.KindGlobalDatasource, Metadata: ds.Metadata.Metadata, Spec: ds.Spec}
	},
	fromGlobal: func(g *v1.GlobalDatasource) *v1.Datasource {
		return &v1.Datasource{Kind: v1.KindGlobalDatasource, Metadata: v1.ProjectMetadata{Metadata: g.Metadata}, Spec: g.Spec}
	},
}

var secrets = &scopedKind[v1.Secret, v1.GlobalSecret]{
	object:     "secret",
	collection: "secrets",
	metadata:   func(s *v1.Secret) *v1.ProjectMetadata { return &s.Metadata },
	projectWire: func(s *v1.Secret) *v1.Secret {
		wire := *s
		wire.Kind = v1.KindSecret
		return &wire
	},
	globalWire: func(s *v1.Secret) *v1.GlobalSecret {
		return &v1.GlobalSecret{Kind: v1.KindGlobalSecret, Metadata: s.Metadata.Metadata, Spec: s.Spec}
	},
	fromGlobal: func(g *v1.GlobalSecret) *v1.Secret {
		return &v1.Secret{Kind: v1.KindGlobalSecret, Metadata: v1.ProjectMetadata{Metadata: g.Metadata}, Spec: g.Spec}
	},
}
