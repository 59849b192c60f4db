package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestValidationCorpus runs every corpus configuration through the provider's own validation, as
// `terraform validate` calls it (ValidateResourceConfig, ValidateDataResourceConfig), without a
// CLI: it checks the severity, summary and detail of every diagnostic, and also the attribute
// each one points at, which the CLI's output does not show precisely. TestAccValidationCorpus
// runs the same files through the real CLIs.
func TestValidationCorpus(t *testing.T) {
	ctx := context.Background()
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	for _, entry := range loadCorpus(t, "testdata/invalid") {
		t.Run(entry.name, func(t *testing.T) {
			blocks, err := parseConfigBlocks(entry.name+".tf", entry.config, schemas)
			if err != nil {
				t.Fatal(err)
			}
			var got []corpusDiagnostic
			for _, b := range blocks {
				diags, err := validateBlock(ctx, server, b)
				if err != nil {
					t.Fatalf("%s: %v", b.address, err)
				}
				for _, d := range diags {
					got = append(got, corpusDiagnostic{severity: severityName(d.Severity), summary: d.Summary,
						address: b.address, path: attributePathString(d.Attribute), detail: d.Detail})
				}
			}
			checkCorpusDiagnostics(t, got, entry.want, true)
		})
	}
}

func validateBlock(ctx context.Context, server tfprotov6.ProviderServer, b configBlock) ([]*tfprotov6.Diagnostic, error) {
	config, err := tfprotov6.NewDynamicValue(b.config.Type(), b.config)
	if err != nil {
		return nil, err
	}
	if b.data {
		resp, err := server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: b.typeName, Config: &config})
		if err != nil {
			return nil, err
		}
		return resp.Diagnostics, nil
	}
	resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: b.typeName, Config: &config})
	if err != nil {
		return nil, err
	}
	return resp.Diagnostics, nil
}

func severityName(s tfprotov6.DiagnosticSeverity) string {
	switch s {
	case tfprotov6.DiagnosticSeverityError:
		return "error"
	case tfprotov6.DiagnosticSeverityWarning:
		return "warning"
	default:
		return s.String()
	}
}

// attributePathString prints a protocol attribute path as the framework's path.Path does, e.g.
// prometheus.proxy.allowed_endpoints[0].method or prometheus.proxy.headers["Authorization"].
func attributePathString(p *tftypes.AttributePath) string {
	if p == nil {
		return ""
	}
	var b strings.Builder
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case tftypes.AttributeName:
			if b.Len() > 0 {
				b.WriteString(".")
			}
			b.WriteString(string(s))
		case tftypes.ElementKeyInt:
			fmt.Fprintf(&b, "[%d]", int64(s))
		case tftypes.ElementKeyString:
			fmt.Fprintf(&b, "[%q]", string(s))
		default:
			fmt.Fprintf(&b, "[%v]", s)
		}
	}
	return b.String()
}
