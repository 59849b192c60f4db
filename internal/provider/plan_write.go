package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// writeRule is the one decision every resource's plan and apply make: does the apply write to
// Perses, and what does the plan show? It is derived from the object the apply would send,
// compared with the one the state says Perses holds (see DESIGN.md, "The write decision"):
//   - the identity (name, and project of a project object): a different spelling designates the
//     same object exactly when the server says so (storedIdentity); the plan then keeps the stored
//     spelling, which Terraform accepts for a value equivalent to the configuration's. Any other
//     change designates another object: a replacement.
//   - the rest: equal wire objects (compared as JSON, so map order and the like do not count)
//     mean nothing is written and the plan is the state (but for the provider's own options);
//     different ones mean a write, and every attribute the write changes is unknown in the plan.
type writeRule struct {
	scope scope
	// wire is what the resource sends to Perses for a plan or a state, besides its identity, as
	// JSON-comparable values; known is false while a value it needs is unknown.
	wire func(ctx context.Context, data wholeGetter) (wire any, known bool, diags diag.Diagnostics)
	// computed are the attributes a write changes (version, updated_at): unknown in a plan that
	// writes, the stored ones otherwise.
	computed []string
	// local are the attributes Perses never sees (verify, force_destroy): they take the planned
	// value whether or not Perses is written.
	local []string
	// equivalent, if set, gives the planned wire object the stored one's spelling of the values that
	// designate the same thing on the server (a secret name differing in letter case on a server
	// that finds both): those do not count as a change either.
	equivalent func(ctx context.Context, state attrGetter, planned, stored any) any
}

// planOutcome is what planUpdate decided.
type planOutcome int

const (
	planFailed  planOutcome = iota // an error diagnostic says why
	planReplace                    // another object: Terraform plans the replacement with a create
	planNoWrite                    // nothing is written; the plan is the state
	planWrite                      // the apply writes; the computed attributes are unknown
)

// identity is which object a resource is about, spelled as in a plan or a state.
type identity struct {
	project, name types.String // project null in the global scope
}

func identityOf(raw rawAttributes) identity {
	return identity{project: raw.str("project"), name: raw.str("name")}
}

func (i identity) known() bool { return !i.project.IsUnknown() && !i.name.IsUnknown() }

// planUpdate decides the plan of an object that exists (the state is not null). It runs in the
// resource's ModifyPlan, after the attribute plan modifiers.
func (w writeRule) planUpdate(ctx context.Context, data *providerData, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) planOutcome {
	prior, planned, ok := rawIdentities(req.State.Raw, resp.Plan.Raw, &resp.Diagnostics)
	if !ok {
		return planFailed
	}
	if outcome := w.planIdentity(ctx, data, prior, planned, resp); outcome != planNoWrite {
		return outcome
	}
	writes, diags := w.writes(ctx, &resp.Plan, req.State)
	resp.Diagnostics.Append(diags...)
	switch {
	case diags.HasError():
		return planFailed
	case !writes:
		resp.Diagnostics.Append(w.keepStored(ctx, req.State, &resp.Plan)...)
		return planNoWrite
	}
	for _, name := range w.computed {
		resp.Diagnostics.Append(setUnknown(ctx, &resp.Plan, path.Root(name))...)
	}
	return planWrite
}

// planIdentity returns planNoWrite when the plan is about the stored object (after giving the plan
// the stored spelling if the configuration's differs from it only in letter case and the server
// says both designate that object), planReplace when it is about another one.
func (w writeRule) planIdentity(ctx context.Context, data *providerData, prior, planned identity, resp *resource.ModifyPlanResponse) planOutcome {
	changed := w.changedIdentity(prior, planned)
	if len(changed) == 0 {
		return planNoWrite
	}
	sameLetters := planned.known() && strings.EqualFold(prior.name.ValueString(), planned.name.ValueString()) &&
		strings.EqualFold(prior.project.ValueString(), planned.project.ValueString())
	if sameLetters && data != nil && data.client != nil {
		same, err := data.online.sameObject(ctx, data.client, w.scope, prior, planned)
		if err != nil {
			resp.Diagnostics.Append(diagnostics.Error(fmt.Sprintf("Cannot Check Perses %s Name", titleWords(w.scope.objectName())),
				fmt.Sprintf("The configuration spells %s as %s: the letter case differs, and reading both from the server, to learn whether it "+
					"treats them as one object (a database that is not case-sensitive does) or as two, failed.",
					w.scope.describe(prior.project.ValueString(), prior.name.ValueString()), w.scope.id(planned.project.ValueString(), planned.name.ValueString())),
				"Check the provider url and credentials, then plan again.", err))
			return planFailed
		}
		if same {
			for _, p := range changed {
				resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, p, priorValue(prior, p))...)
			}
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), w.scope.id(prior.project.ValueString(), prior.name.ValueString()))...)
			return planNoWrite
		}
	}
	resp.RequiresReplace.Append(changed...)
	return planReplace
}

// changedIdentity lists the identity attributes whose planned value differs from the stored one
// (an unknown one may differ).
func (w writeRule) changedIdentity(prior, planned identity) path.Paths {
	var changed path.Paths
	for _, p := range w.scope.identityPaths() {
		if !priorValue(prior, p).Equal(priorValue(planned, p)) {
			changed = append(changed, p)
		}
	}
	return changed
}

func priorValue(i identity, p path.Path) types.String {
	if p.Equal(path.Root("project")) {
		return i.project
	}
	return i.name
}

func rawIdentities(state, plan tftypes.Value, diags *diag.Diagnostics) (prior, planned identity, ok bool) {
	s, err := readRawAttributes(state)
	if err == nil {
		var p rawAttributes
		if p, err = readRawAttributes(plan); err == nil {
			return identityOf(s), identityOf(p), true
		}
	}
	diags.Append(diagnostics.Bug("Cannot Read the Plan", "Reading the name of the object from the plan and the state failed.", err))
	return identity{}, identity{}, false
}

// writes says whether applying plan writes to Perses: whether the object it sends differs from
// the one the state describes. The apply asks again (Update), with the values then known.
func (w writeRule) writes(ctx context.Context, plan wholeGetter, state tfsdk.State) (bool, diag.Diagnostics) {
	planned, known, diags := w.wire(ctx, plan)
	if diags.HasError() || !known {
		return true, diags
	}
	stored, _, d := w.wire(ctx, state)
	diags.Append(d...)
	if w.equivalent != nil && !sameWire(planned, stored) {
		planned = w.equivalent(ctx, state, planned, stored)
	}
	return !sameWire(planned, stored), diags
}

// keepStored makes the plan the state, but for the local attributes, which take their planned values.
func (w writeRule) keepStored(ctx context.Context, state tfsdk.State, plan *tfsdk.Plan) diag.Diagnostics {
	var stored, planned types.Object
	diags := state.Get(ctx, &stored)
	diags.Append(plan.Get(ctx, &planned)...)
	if diags.HasError() {
		return diags
	}
	values := make(map[string]attr.Value, len(stored.Attributes()))
	for name, v := range stored.Attributes() {
		values[name] = v
	}
	for _, name := range w.local {
		values[name] = planned.Attributes()[name]
	}
	whole, d := types.ObjectValue(stored.AttributeTypes(ctx), values)
	diags.Append(d...)
	if !diags.HasError() {
		diags.Append(plan.Set(ctx, whole)...)
	}
	return diags
}

// applyUpdate is the Update of every resource: it asks writes again with the values known now,
// and calls write when Perses must be written; otherwise the state takes the plan (with the stored
// values of the computed attributes the plan left unknown). It reports whether it wrote.
func (w writeRule) applyUpdate(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse, write func() diag.Diagnostics) bool {
	writes, diags := w.writes(ctx, req.Plan, req.State)
	resp.Diagnostics.Append(diags...)
	switch {
	case diags.HasError():
		return false
	case writes:
		resp.Diagnostics.Append(write()...)
		return true
	}
	resp.State.Raw = req.Plan.Raw.Copy()
	resp.Diagnostics.Append(w.storedComputed(ctx, req.State, &resp.State)...)
	// The framework wants an identity after every update, also from a CLI that stores none
	// (Terraform < 1.12): the object is the stored one, so is its identity.
	if resp.Identity != nil && resp.Identity.Raw.IsFullyNull() {
		if raw, err := readRawAttributes(req.State.Raw); err == nil {
			id := identityOf(raw)
			resp.Diagnostics.Append(w.scope.setIdentity(ctx, resp.Identity, id.project.ValueString(), id.name.ValueString())...)
		} else {
			resp.Diagnostics.Append(diagnostics.Bug("Cannot Read the State", "Reading the name of the object from the state failed.", err))
		}
	}
	return false
}

// storedComputed gives the new state of an apply that writes nothing the stored values of the
// computed attributes that the plan left unknown (it could not tell then whether the apply writes).
func (w writeRule) storedComputed(ctx context.Context, prior tfsdk.State, state *tfsdk.State) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, name := range w.computed {
		var planned, stored attr.Value
		diags.Append(state.GetAttribute(ctx, path.Root(name), &planned)...)
		if diags.HasError() || !planned.IsUnknown() {
			continue
		}
		diags.Append(prior.GetAttribute(ctx, path.Root(name), &stored)...)
		diags.Append(state.SetAttribute(ctx, path.Root(name), stored)...)
	}
	return diags
}

// setUnknown makes the attribute at p unknown in the plan.
func setUnknown(ctx context.Context, plan *tfsdk.Plan, p path.Path) diag.Diagnostics {
	typ, diags := plan.Schema.TypeAtPath(ctx, p)
	if diags.HasError() {
		return diags
	}
	unknown, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), tftypes.UnknownValue))
	if err != nil {
		return diag.Diagnostics{diagnostics.Bug("Cannot Plan", fmt.Sprintf("Making %s unknown failed.", p), err)}
	}
	return plan.SetAttribute(ctx, p, unknown)
}

// sameWire compares two wire objects as Perses stores them: as JSON, so that map order, nil
// versus empty and Go types do not count.
func sameWire(a, b any) bool {
	na, errA := normalJSON(a)
	nb, errB := normalJSON(b)
	return errA == nil && errB == nil && reflect.DeepEqual(na, nb)
}

func normalJSON(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(data, &out)
	return out, err
}
