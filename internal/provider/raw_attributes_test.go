package provider

import (
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestRawAttributes(t *testing.T) {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"name": tftypes.String, "project": tftypes.String, "version": tftypes.Number, "default": tftypes.Bool,
		"created_at": tftypes.String, "updated_at": tftypes.String,
	}}
	raw := tftypes.NewValue(typ, map[string]tftypes.Value{
		"name":       tftypes.NewValue(tftypes.String, "Prometheus"),
		"project":    tftypes.NewValue(tftypes.String, nil),
		"version":    tftypes.NewValue(tftypes.Number, big.NewFloat(7)),
		"default":    tftypes.NewValue(tftypes.Bool, true),
		"created_at": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"updated_at": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	})
	a, err := readRawAttributes(raw)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		got, want attr.Value
	}{
		{a.str("name"), types.StringValue("Prometheus")},
		{a.str("project"), types.StringNull()},
		{a.str("plugin_kind"), types.StringNull()}, // not in this schema
		{a.str("created_at"), types.StringUnknown()},
		{a.int64("version"), types.Int64Value(7)},
		{a.int64("missing"), types.Int64Null()},
		{a.boolean("default"), types.BoolValue(true)},
		{a.boolean("missing"), types.BoolNull()},
		{a.str("version"), types.StringUnknown()}, // wrong type: never a guessed value
	} {
		if !tc.got.Equal(tc.want) {
			t.Errorf("got %s, want %s", tc.got, tc.want)
		}
	}
	if _, err := readRawAttributes(tftypes.NewValue(tftypes.String, "x")); err == nil {
		t.Error("reading the attributes of a string: no error")
	}
}
