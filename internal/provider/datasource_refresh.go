package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	v1 "github.com/perses/perses/pkg/model/api/v1"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// storedMarks are the few state attributes a refresh needs first: which datasource the state is
// about, and which version of it on the server the state was recorded from.
type storedMarks struct {
	Project, Name        types.String
	Version              types.Int64
	CreatedAt, UpdatedAt types.String
}

// getStoredMarks reads the marks alone, from the raw state: reading the whole model costs one
// schema walk per attribute, which a refresh of an unchanged datasource does not need (see
// recordedFrom).
func getStoredMarks(st tfsdk.State) (storedMarks, diag.Diagnostics) {
	var diags diag.Diagnostics
	a, err := readRawAttributes(st.Raw)
	if err != nil {
		diags.Append(diagnostics.Bug("Cannot Read the Datasource's State", "Reading the stored name and version of the datasource failed.", err))
		return storedMarks{}, diags
	}
	return storedMarks{
		Project: a.str("project"), Name: a.str("name"), Version: a.int64("version"),
		CreatedAt: a.str("created_at"), UpdatedAt: a.str("updated_at"),
	}, diags
}

// recordedFrom says whether the state was written from exactly this server object. Perses bumps
// version and updatedAt on every update, and a datasource deleted and created again has a new
// createdAt, so equal marks mean nothing changed on the server since the state was recorded
// (from this object, by Create, Update or an earlier refresh): the state is already what a
// refresh would write. A state without a version (just imported) is never recorded from anything:
// so a schema change that makes a refresh write something new (an added computed attribute, a
// new representation) must bump the schema version and have its state upgrader null `version`.
func (m storedMarks) recordedFrom(ds *v1.Datasource) bool {
	if m.Version.IsNull() || m.Version.IsUnknown() || m.CreatedAt.IsNull() || m.UpdatedAt.IsNull() {
		return false
	}
	return m.Version.ValueInt64() == int64(ds.Metadata.Version) &&
		m.CreatedAt.ValueString() == ds.Metadata.CreatedAt.UTC().Format(timeFormat) &&
		m.UpdatedAt.ValueString() == ds.Metadata.UpdatedAt.UTC().Format(timeFormat)
}
