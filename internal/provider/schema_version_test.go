package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// schemaVersionsFile records, for each resource, its schema version and a fingerprint of what
// Terraform stores of it (attribute names, types and Required/Optional/Computed/Sensitive/
// write-only; not descriptions, defaults or validators, which do not change states).
const schemaVersionsFile = "testdata/schema_versions.json"

type recordedSchema struct {
	Version     int64  `json:"version"`
	Fingerprint string `json:"fingerprint"`
}

// TestSchemaVersionsFollowSchemas fails when a resource schema changes without a version bump (and
// a state upgrader), and when the record is behind. To record a deliberate change after bumping
// the version: UPDATE_SCHEMA_VERSIONS=1 go test ./internal/provider -run TestSchemaVersionsFollowSchemas.
func TestSchemaVersionsFollowSchemas(t *testing.T) {
	ctx := context.Background()
	current := map[string]recordedSchema{}
	for _, newResource := range New("test")().Resources(ctx) {
		r := newResource()
		meta := &resource.MetadataResponse{}
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "perses"}, meta)
		sch := &resource.SchemaResponse{}
		r.Schema(ctx, resource.SchemaRequest{}, sch)
		current[meta.TypeName] = recordedSchema{Version: sch.Schema.Version, Fingerprint: schemaFingerprint(sch.Schema)}
		if sch.Schema.Version > 0 {
			upgrader, ok := r.(resource.ResourceWithUpgradeState)
			if !ok {
				t.Errorf("%s: schema version %d but no UpgradeState", meta.TypeName, sch.Schema.Version)
				continue
			}
			upgraders := upgrader.UpgradeState(ctx)
			for v := range sch.Schema.Version {
				if _, ok := upgraders[v]; !ok {
					t.Errorf("%s: no state upgrader from version %d", meta.TypeName, v)
				}
			}
		}
	}
	if os.Getenv("UPDATE_SCHEMA_VERSIONS") != "" {
		data, err := json.MarshalIndent(current, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.FromSlash(schemaVersionsFile), append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(filepath.FromSlash(schemaVersionsFile))
	if err != nil {
		t.Fatal(err)
	}
	var recorded map[string]recordedSchema
	if err := json.Unmarshal(data, &recorded); err != nil {
		t.Fatal(err)
	}
	for name, now := range current {
		was, ok := recorded[name]
		switch {
		case !ok:
			t.Errorf("%s is not in %s: record it (UPDATE_SCHEMA_VERSIONS=1)", name, schemaVersionsFile)
		case now.Fingerprint != was.Fingerprint && now.Version == was.Version:
			t.Errorf("the schema of %s changed but its version is still %d: bump it and add a state upgrader from %d (see schema_version.go), "+
				"then record it (UPDATE_SCHEMA_VERSIONS=1)", name, now.Version, now.Version)
		case now != was:
			t.Errorf("%s is version %d, recorded as version %d: record it (UPDATE_SCHEMA_VERSIONS=1)", name, now.Version, was.Version)
		}
	}
}

// schemaFingerprint hashes what Terraform stores of a schema, attribute by attribute, in name order.
func schemaFingerprint(s rschema.Schema) string {
	var lines []string
	var walk func(prefix string, attrs map[string]rschema.Attribute)
	walk = func(prefix string, attrs map[string]rschema.Attribute) {
		for name, a := range attrs {
			p := prefix + name
			flags := fmt.Sprintf("required=%v optional=%v computed=%v sensitive=%v write_only=%v", a.IsRequired(), a.IsOptional(), a.IsComputed(), a.IsSensitive(), a.IsWriteOnly())
			lines = append(lines, fmt.Sprintf("%s %s %s", p, a.GetType().TerraformType(context.Background()), flags))
			switch n := a.(type) {
			case rschema.SingleNestedAttribute:
				walk(p+".", n.Attributes)
			case rschema.ListNestedAttribute:
				walk(p+"[].", n.NestedObject.Attributes)
			}
		}
	}
	walk("", s.Attributes)
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

// TestSchemaFingerprintSeesAChange: the fingerprint moves when an attribute becomes Sensitive.
func TestSchemaFingerprintSeesAChange(t *testing.T) {
	s := projectResourceSchema()
	before := schemaFingerprint(s)
	description, ok := s.Attributes["description"].(rschema.StringAttribute)
	if !ok {
		t.Fatalf("description is a %T", s.Attributes["description"])
	}
	description.Sensitive = true
	s.Attributes["description"] = description
	if schemaFingerprint(s) == before {
		t.Error("marking an attribute sensitive left the fingerprint unchanged")
	}
}
