package provider

import (
	"testing"

	"github.com/perses/terraform-provider-perses/internal/references"
)

// The plan warning names the datasource, lists its dashboards and says how to delete it anyway.
func TestUsedByDashboardsWarning(t *testing.T) {
	uses := []references.Use{{Project: "checkout", Name: "d00", Places: []string{`panel "cpu" query 1`}}}
	d := usedByDashboardsWarning(globalScope, references.Datasource{Name: "prom"}, "Destroying", uses)
	wantDetail := "global datasource \"prom\" is used by 1 dashboard:\n  - checkout/d00 (panel \"cpu\" query 1)\n" +
		"The apply will fail when it deletes it, since force_destroy is not true.\n\n" +
		"Point these dashboards at another datasource first (or delete them). To delete it anyway, set force_destroy = true on this resource " +
		"and apply, then destroy it."
	if d.Summary() != "Destroying a Datasource Used by Dashboards" || d.Detail() != wantDetail {
		t.Errorf("warning:\n%s\n%s\nwant\n%s", d.Summary(), d.Detail(), wantDetail)
	}
	if d.Severity().String() != "Warning" {
		t.Errorf("severity = %s", d.Severity())
	}
}
