package rules

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type stringCase struct {
	value  types.String
	detail string // empty when no diagnostic is expected
}

func checkString(t *testing.T, v validator.String, at path.Path, summary string, cases []stringCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.value.String(), func(t *testing.T) {
			resp := &validator.StringResponse{}
			v.ValidateString(context.Background(), validator.StringRequest{Path: at, ConfigValue: c.value}, resp)
			var want diag.Diagnostics
			if c.detail != "" {
				want.AddAttributeError(at, summary, c.detail)
			}
			if !resp.Diagnostics.Equal(want) {
				t.Errorf("diagnostics:\n got %v\nwant %v", resp.Diagnostics, want)
			}
		})
	}
}

func TestNameValidator(t *testing.T) {
	at := path.Root("prometheus").AtName("proxy").AtName("secret")
	rule := `: Perses names are 1 to 75 characters among letters, digits, "_", "." and "-".` + "\n\n"
	invalid := func(value, fix string) stringCase {
		return stringCase{types.StringValue(value), `prometheus.proxy.secret is "` + value + `", which is not a Perses name` + rule + fix}
	}
	long := strings.Repeat("a", 76)
	checkString(t, Name("prometheus-credentials"), at, "Invalid Name", []stringCase{
		{value: types.StringNull()},
		{value: types.StringUnknown()},
		{value: types.StringValue("prometheus-credentials")},
		{value: types.StringValue("Team_A.prod-1")},
		{value: types.StringValue(strings.Repeat("a", 75))},
		{types.StringValue(""), "prometheus.proxy.secret is empty, which is not a Perses name" + rule + `Write a name such as "prometheus-credentials".`},
		invalid("My Prometheus", `Write "My-Prometheus".`),
		invalid(" team/creds ", `Write "team-creds".`),
		invalid("prom:9090 (main)", `Write "prom-9090-main".`),
		invalid(long, `Write "`+strings.Repeat("a", 75)+`".`),
		invalid("日本", `Write a name such as "prometheus-credentials".`),
	})
}

func TestSuggestNameTrimsWhatTruncationLeavesAtTheEnd(t *testing.T) {
	value := strings.Repeat("a", 74) + " b"
	if got, want := SuggestName(value), strings.Repeat("a", 74); got != want {
		t.Errorf("SuggestName(%q) = %q, want %q", value, got, want)
	}
}

func TestNotEmptyStringValidator(t *testing.T) {
	at := path.Root("display_name")
	checkString(t, NotEmptyString(), at, "Empty Value", []stringCase{
		{value: types.StringNull()},
		{value: types.StringUnknown()},
		{value: types.StringValue("Prometheus")},
		{types.StringValue(""), "display_name is empty: the provider does not send empty values to Perses, so it would read back as unset.\n\n" +
			"Remove display_name, or give it a value."},
	})
}

func TestNotEmptyMapValidator(t *testing.T) {
	at := path.Root("prometheus").AtName("query_params")
	empty := types.MapValueMust(types.StringType, nil)
	set := types.MapValueMust(types.StringType, map[string]attr.Value{"dedup": types.StringValue("true")})
	for name, c := range map[string]struct {
		value types.Map
		want  diag.Diagnostics
	}{
		"null":    {value: types.MapNull(types.StringType)},
		"unknown": {value: types.MapUnknown(types.StringType)},
		"set":     {value: set},
		"empty": {value: empty, want: diag.Diagnostics{diag.NewAttributeErrorDiagnostic(at, "Empty Value",
			"prometheus.query_params is empty: the provider does not send empty values to Perses, so it would read back as unset.\n\n"+
				"Remove prometheus.query_params, or give it a value.")}},
	} {
		t.Run(name, func(t *testing.T) {
			resp := &validator.MapResponse{}
			NotEmptyMap().ValidateMap(context.Background(), validator.MapRequest{Path: at, ConfigValue: c.value}, resp)
			if !resp.Diagnostics.Equal(c.want) {
				t.Errorf("diagnostics:\n got %v\nwant %v", resp.Diagnostics, c.want)
			}
		})
	}
}
