package client

import (
	"context"
	"fmt"
	"net/http"
)

// globalKind is a kind of object Perses serves in the global scope only, under
// /api/v1/{collection}: projects and users. T is the wire type.
type globalKind[T any] struct {
	// object names the kind in messages: "project".
	object, collection string
	name               func(*T) string
	// wire is the envelope sent, with its kind set.
	wire func(*T) *T
	// same says whether an object read back after a create of unknown outcome is the one sent
	// (see create).
	same func(got, sent *T) bool
}

func (k *globalKind[T]) check(obj *T) (string, error) {
	if obj == nil {
		return "", fmt.Errorf("nil %s", k.object)
	}
	name := k.name(obj)
	return name, checkName(k.object, name)
}

// get reads one object; a missing one satisfies ErrNotFound.
func (k *globalKind[T]) get(ctx context.Context, c *Client, name string) (*T, error) {
	if err := checkName(k.object, name); err != nil {
		return nil, err
	}
	out := new(T)
	if err := c.do(ctx, &request{method: http.MethodGet, path: apiPath(k.collection, name), out: out, resend: true}); err != nil {
		return nil, err
	}
	return out, nil
}

// list reads the objects whose name starts with namePrefix ("" for all) that the credentials may read.
func (k *globalKind[T]) list(ctx context.Context, c *Client, namePrefix string) ([]*T, error) {
	list := []*T{}
	if err := c.do(ctx, &request{method: http.MethodGet, path: apiPath(k.collection), query: nameQuery(namePrefix), out: &list, resend: true}); err != nil {
		return nil, err
	}
	return list, nil
}

// create POSTs obj (Perses answers 200, and may lowercase the name). When the outcome of the POST
// is unknown, the object is read back (see Client.create).
func (k *globalKind[T]) create(ctx context.Context, c *Client, obj *T) (*T, error) {
	name, err := k.check(obj)
	if err != nil {
		return nil, err
	}
	out := new(T)
	var found *T
	check := func(ctx context.Context) (bool, error) {
		got, err := k.get(ctx, c, name)
		if err != nil {
			return false, err
		}
		if !k.same(got, obj) {
			return false, nil
		}
		found = got
		return true, nil
	}
	req := &request{method: http.MethodPost, path: apiPath(k.collection), body: k.wire(obj), out: out}
	if err := c.create(ctx, req, name, check); err != nil {
		return nil, err
	}
	if found != nil {
		return found, nil
	}
	return out, nil
}

// update PUTs obj in place of the object of its name.
func (k *globalKind[T]) update(ctx context.Context, c *Client, obj *T) (*T, error) {
	name, err := k.check(obj)
	if err != nil {
		return nil, err
	}
	out := new(T)
	req := &request{method: http.MethodPut, path: apiPath(k.collection, name), body: k.wire(obj), out: out, resend: true}
	if err := c.do(ctx, req); err != nil {
		return nil, err
	}
	return out, nil
}

// delete deletes one object (Perses answers 204). A missing one satisfies ErrNotFound, except when
// an earlier attempt of this same call may have deleted it: that counts as success.
func (k *globalKind[T]) delete(ctx context.Context, c *Client, name string) error {
	if err := checkName(k.object, name); err != nil {
		return err
	}
	return c.do(ctx, &request{method: http.MethodDelete, path: apiPath(k.collection, name), resend: true})
}
