package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"time"
)

// lookup reads back the object a create was about: it returns whether the
// stored spec equals the one sent (filling the create's output when it does),
// or an error satisfying ErrNotFound when the object does not exist.
type lookup func(ctx context.Context) (same bool, err error)

// create POSTs req. A POST is resent as is only when it certainly did not
// reach Perses (dial or DNS failure). When the outcome is unknown (timeout or
// connection lost after sending, 429/502/503/504, or a 500: see failedAfterWrite), the object is read back:
// present with the spec sent means the create went through; absent means the
// POST can be sent again (within MaxRetries); present with another spec is a
// conflict. Perses has no idempotency key, so this is the only way not to
// report a failure for an object that was in fact created (which Terraform
// would then refuse to create again with "already exists").
func (c *Client) create(ctx context.Context, req *request, name string, check lookup) error {
	payload, err := encodeBody(req)
	if err != nil {
		return err
	}
	unsure := false
	for attempt := 1; ; attempt++ {
		res, err := c.send(ctx, req, payload, attempt)
		if err == nil {
			return decodeBody(req, res)
		}
		if ctx.Err() != nil {
			return err
		}
		var te *transportError
		notSent := errors.As(err, &te) && te.notSent && !te.permanent
		var race *APIError
		notSent = notSent || (errors.As(err, &race) && race.readRace())
		var wait time.Duration
		switch {
		case notSent:
		case ambiguous(err) || failedAfterWrite(err) || (unsure && errors.Is(err, ErrConflict)):
			// A 409 after an unsure attempt may be that attempt's own object.
			unsure = true
			same, cerr := check(ctx)
			switch {
			case cerr == nil && same:
				c.debug(ctx, "Perses create: outcome was unknown, the object exists with the spec sent", map[string]any{"path": req.path, "name": name})
				return nil
			case cerr == nil:
				// Only ErrConflict is wrapped: the earlier failure is context, not the outcome.
				return fmt.Errorf("%s %s: %w: %q exists with a different spec (the outcome of this create was unknown: %s)",
					req.method, req.path, ErrConflict, name, err.Error())
			case !errors.Is(cerr, ErrNotFound) || errors.Is(cerr, ErrProjectNotFound):
				return fmt.Errorf("%w (reading %q back to learn whether it was created failed too: %s)", err, name, cerr.Error())
			}
			var api *APIError
			if errors.As(err, &api) {
				wait = api.retryAfter
			}
		default:
			return err
		}
		if attempt > c.maxRetries {
			return err
		}
		if serr := sleep(ctx, c.backoff(attempt, wait)); serr != nil {
			return fmt.Errorf("%w (while waiting to retry after: %s)", serr, err.Error())
		}
	}
}

// failedAfterWrite: a 500 answer to a create may come after Perses stored the object. Seen on
// v0.54.0 with auth on and the file database: two projects created at once (one apply creating
// two teams), Perses stores the project and its owner role, then reloads every role from their
// files, reads one being written by the other create ("unexpected end of JSON input") and answers
// 500 for a project it created.
func failedAfterWrite(err error) bool {
	var api *APIError
	return errors.As(err, &api) && api.StatusCode == http.StatusInternalServerError
}

// sameJSON compares two values by their JSON form, the form Perses stores:
// unset optional fields and nil-versus-empty differences disappear.
func sameJSON(a, b any) bool {
	na, err := normalJSON(a)
	if err != nil {
		return false
	}
	nb, err := normalJSON(b)
	if err != nil {
		return false
	}
	return reflect.DeepEqual(na, nb)
}

func normalJSON(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, err
	}
	return out, nil
}
