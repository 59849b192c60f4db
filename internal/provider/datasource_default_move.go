package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/client"
)

const (
	defaultMoveRetries = 6
	defaultMoveWait    = 500 * time.Millisecond
)

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// writeMovingDefault runs a create or update of ds. Perses refuses a second default of a plugin
// kind in a scope, so moving the default from A to B in one apply fails if B is written first.
// When the refusal names a datasource that this run plans to stop being the default (checked at
// plan, see checkCurrentDefault), the write is retried while that one's own update lands, and if
// it does not (it waits for this one), that one is written with default = false first, as its
// own update is about to do: the move works whatever order Terraform applies the two in.
func (r *datasourceResource) writeMovingDefault(ctx context.Context, c *client.Client, ds *v1.Datasource, creating bool,
	write func(context.Context, *v1.Datasource) (*v1.Datasource, error)) (*v1.Datasource, error) {
	out, err := write(ctx, ds)
	if err == nil {
		r.data.online.wroteDatasource(ds)
	}
	if err == nil || !ds.Spec.Default {
		return out, err
	}
	var conflict *client.DefaultConflictError
	if !errors.As(err, &conflict) {
		return nil, err
	}
	current := conflict.Current
	key := newDefaultKey(ds.Metadata.Project, ds.Spec.Plugin.Kind)
	p, managed := r.data.planned.waitForDatasource(ctx, key, current, r.plannedAs(ctx, c, key.project, current))
	if !managed && creating && r.replacedBy(ctx, c, current, ds) {
		p, managed = plannedDatasource{name: current, leaving: true}, true
	}
	if !managed || p.isDefault {
		return nil, err
	}
	// The other datasource's own update (default = false) is usually being applied right now, in
	// parallel: give it time to land rather than write over it. One that is destroyed or replaced
	// has no such update: its delete may well wait for this write (create_before_destroy).
	for i := 0; i < defaultMoveRetries && !p.leaving; i++ {
		if serr := sleepCtx(ctx, defaultMoveWait); serr != nil {
			return nil, err
		}
		if out, err = write(ctx, ds); err == nil || !errors.As(err, &conflict) {
			if err == nil {
				r.data.online.wroteDatasource(ds)
			}
			return out, err
		}
	}
	// It is not being applied concurrently: it waits for this one (it depends on it). Nothing
	// else writes it now, so clearing its flag here cannot overwrite its update.
	other, gerr := c.GetDatasource(ctx, ds.Metadata.Project, current)
	if gerr != nil {
		return nil, fmt.Errorf("%w (and reading the current default %q to move the flag failed: %s)", err, current, gerr.Error())
	}
	other.Spec.Default = false
	if _, uerr := c.UpdateDatasource(ctx, other); uerr != nil {
		return nil, fmt.Errorf("%w (and clearing the default flag of %q failed: %s)", err, current, uerr.Error())
	}
	tflog.Info(ctx, "moved the default flag from the datasource this run un-defaults", map[string]any{"from": current, "to": ds.Metadata.Name, "kind": ds.Spec.Plugin.Kind})
	out, err = write(ctx, ds)
	if err == nil {
		r.data.online.wroteDatasource(ds)
	}
	return out, err
}

// replacedBy says whether the current default current is the object the datasource ds, being
// created, replaces: it holds the same spec under another name. Terraform gives a provider no
// trace of the object a create_before_destroy replacement deposes: the apply creates the new
// datasource before it deletes the old one, and plans that create again without the old object
// in sight. Perses allows one default per kind and scope, so the create takes the flag from its
// identical predecessor, which the apply deletes right after; the plan warns when it relies on
// this (see checkCurrentDefault).
func (r *datasourceResource) replacedBy(ctx context.Context, c *client.Client, current string, ds *v1.Datasource) bool {
	other, err := c.GetDatasource(ctx, ds.Metadata.Project, current)
	if err != nil || other.Spec.Plugin.Kind != ds.Spec.Plugin.Kind {
		return false
	}
	spec := other.Spec
	spec.Default = ds.Spec.Default
	return sameWire(spec, ds.Spec)
}
