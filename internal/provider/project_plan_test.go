package provider

import (
	"fmt"
	"testing"
)

func TestFormatNamesListsUpToTheLimitThenCounts(t *testing.T) {
	many := make([]string, 0, 23)
	for i := 22; i >= 0; i-- { // unsorted on purpose
		many = append(many, fmt.Sprintf("ds-%02d", i))
	}
	for _, tc := range []struct {
		names []string
		want  string
	}{
		{nil, "none listed by the server"},
		{[]string{"b", "a"}, `2 ("a", "b")`},
		{many[:3], `3 ("ds-20", "ds-21", "ds-22")`},
		{many, `23 ("ds-00", "ds-01", "ds-02", "ds-03", "ds-04", "ds-05", "ds-06", "ds-07", "ds-08", "ds-09", "ds-10", ` +
			`"ds-11", "ds-12", "ds-13", "ds-14", "ds-15", "ds-16", "ds-17", "ds-18", "ds-19" and 3 more)`},
	} {
		if got := formatNames(tc.names, maxListedNames); got != tc.want {
			t.Errorf("formatNames(%d names) = %s, want %s", len(tc.names), got, tc.want)
		}
	}
}
