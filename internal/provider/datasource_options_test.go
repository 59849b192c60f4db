package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A datasource stored before verify and force_destroy existed (or by an import of an older
// provider) has them null: the plan keeps them null rather than showing a change to false, while
// a new datasource, or one whose configuration sets them, gets the planned value.
func TestNullStateStaysNull(t *testing.T) {
	existing := tfsdk.State{Raw: tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{})}
	absent := tfsdk.State{Raw: tftypes.NewValue(tftypes.Object{}, nil)}
	tests := []struct {
		name   string
		state  tfsdk.State
		stored types.Bool
		config types.Bool
		want   types.Bool
	}{
		{"stored without a value, not configured", existing, types.BoolNull(), types.BoolNull(), types.BoolNull()},
		{"stored without a value, configured", existing, types.BoolNull(), types.BoolValue(true), types.BoolValue(true)},
		{"stored with a value", existing, types.BoolValue(false), types.BoolNull(), types.BoolValue(false)},
		{"new datasource", absent, types.BoolNull(), types.BoolNull(), types.BoolValue(false)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			planned := tt.config
			if planned.IsNull() {
				planned = types.BoolValue(false) // the schema default
			}
			req := planmodifier.BoolRequest{State: tt.state, StateValue: tt.stored, ConfigValue: tt.config, PlanValue: planned}
			resp := &planmodifier.BoolResponse{PlanValue: planned}
			nullStateStaysNull{}.PlanModifyBool(context.Background(), req, resp)
			if !resp.PlanValue.Equal(tt.want) {
				t.Errorf("planned %s, want %s", resp.PlanValue, tt.want)
			}
		})
	}
}
