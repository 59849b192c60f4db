package provider

import (
	"fmt"
	"math/big"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// A small stand-in for what Terraform does before it calls ValidateResourceConfig or
// ValidateDataResourceConfig: evaluate each block's arguments and convert them to the schema's
// type. As in `terraform validate`, every reference (to a resource, a data source, a variable) is
// unknown. Only jsonencode is available: corpus files need no other function.

// configBlock is one resource or data block of a configuration, converted to its schema's type.
type configBlock struct {
	data     bool   // a data block rather than a resource block
	typeName string // e.g. perses_global_datasource
	address  string // e.g. perses_global_datasource.test or data.perses_datasource_spec.test
	config   tftypes.Value
}

// metaArguments are Terraform's own arguments, which the provider never sees.
var metaArguments = []string{"count", "for_each", "depends_on", "provider"}

// parseConfigBlocks evaluates the resource and data blocks of a configuration against the
// provider's schemas.
func parseConfigBlocks(filename, content string, schemas *tfprotov6.GetProviderSchemaResponse) ([]configBlock, error) {
	file, diags := hclsyntax.ParseConfig([]byte(content), filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return nil, fmt.Errorf("%s: unexpected body type %T", filename, file.Body)
	}
	var blocks []configBlock
	for _, block := range body.Blocks {
		if (block.Type != "resource" && block.Type != "data") || len(block.Labels) != 2 {
			continue
		}
		b := configBlock{data: block.Type == "data", typeName: block.Labels[0], address: block.Labels[0] + "." + block.Labels[1]}
		schema := schemas.ResourceSchemas[b.typeName]
		if b.data {
			b.address = "data." + b.address
			schema = schemas.DataSourceSchemas[b.typeName]
		}
		if schema == nil {
			return nil, fmt.Errorf("%s: the provider has no %s %s", filename, block.Type, b.typeName)
		}
		config, err := blockConfig(block.Body, schema)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", filename, b.address, err)
		}
		b.config = config
		blocks = append(blocks, b)
	}
	return blocks, nil
}

func blockConfig(body *hclsyntax.Body, schema *tfprotov6.Schema) (tftypes.Value, error) {
	typ, ok := schema.ValueType().(tftypes.Object)
	if !ok {
		return tftypes.Value{}, fmt.Errorf("schema type %s is not an object", schema.ValueType())
	}
	if len(body.Blocks) > 0 {
		return tftypes.Value{}, fmt.Errorf("nested block %q: the provider's schemas have none", body.Blocks[0].Type)
	}
	values := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, attrType := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
	}
	for name, attribute := range body.Attributes {
		if slices.Contains(metaArguments, name) {
			continue
		}
		attrType, known := typ.AttributeTypes[name]
		if !known {
			return tftypes.Value{}, fmt.Errorf("unsupported argument %q", name)
		}
		value, diags := attribute.Expr.Value(evalContext(attribute.Expr))
		if diags.HasErrors() {
			return tftypes.Value{}, diags
		}
		converted, err := ctyToTerraform(attrType, value)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
		}
		values[name] = converted
	}
	return tftypes.NewValue(typ, values), nil
}

// evalContext makes every variable expr refers to unknown.
func evalContext(expr hclsyntax.Expression) *hcl.EvalContext {
	variables := map[string]cty.Value{}
	for _, traversal := range expr.Variables() {
		variables[traversal.RootName()] = cty.DynamicVal
	}
	return &hcl.EvalContext{Variables: variables, Functions: map[string]function.Function{"jsonencode": stdlib.JSONEncodeFunc}}
}

// ctyToTerraform converts value to typ as Terraform would: numbers and bools to strings, objects
// to maps, tuples to lists, and attributes an object leaves out to null.
func ctyToTerraform(typ tftypes.Type, value cty.Value) (tftypes.Value, error) {
	if !value.IsKnown() {
		return tftypes.NewValue(typ, tftypes.UnknownValue), nil
	}
	if value.IsNull() {
		return tftypes.NewValue(typ, nil), nil
	}
	switch t := typ.(type) {
	case tftypes.Object:
		if !value.Type().IsObjectType() && !value.Type().IsMapType() {
			return tftypes.Value{}, fmt.Errorf("%s is not an object", value.Type().FriendlyName())
		}
		values := make(map[string]tftypes.Value, len(t.AttributeTypes))
		for name, attrType := range t.AttributeTypes {
			values[name] = tftypes.NewValue(attrType, nil)
		}
		for it := value.ElementIterator(); it.Next(); {
			key, element := it.Element()
			attrType, known := t.AttributeTypes[key.AsString()]
			if !known {
				return tftypes.Value{}, fmt.Errorf("unsupported attribute %q", key.AsString())
			}
			converted, err := ctyToTerraform(attrType, element)
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s: %w", key.AsString(), err)
			}
			values[key.AsString()] = converted
		}
		return tftypes.NewValue(t, values), nil
	case tftypes.Map:
		values := map[string]tftypes.Value{}
		for it := value.ElementIterator(); it.Next(); {
			key, element := it.Element()
			converted, err := ctyToTerraform(t.ElementType, element)
			if err != nil {
				return tftypes.Value{}, err
			}
			values[key.AsString()] = converted
		}
		return tftypes.NewValue(t, values), nil
	case tftypes.List:
		var values []tftypes.Value
		for it := value.ElementIterator(); it.Next(); {
			_, element := it.Element()
			converted, err := ctyToTerraform(t.ElementType, element)
			if err != nil {
				return tftypes.Value{}, err
			}
			values = append(values, converted)
		}
		return tftypes.NewValue(t, values), nil
	}
	return primitiveToTerraform(typ, value)
}

func primitiveToTerraform(typ tftypes.Type, value cty.Value) (tftypes.Value, error) {
	var target cty.Type
	switch {
	case typ.Is(tftypes.String):
		target = cty.String
	case typ.Is(tftypes.Bool):
		target = cty.Bool
	case typ.Is(tftypes.Number):
		target = cty.Number
	default:
		return tftypes.Value{}, fmt.Errorf("unsupported schema type %s", typ)
	}
	converted, err := convert.Convert(value, target)
	if err != nil {
		return tftypes.Value{}, err
	}
	switch target {
	case cty.String:
		return tftypes.NewValue(typ, converted.AsString()), nil
	case cty.Bool:
		return tftypes.NewValue(typ, converted.True()), nil
	default:
		return tftypes.NewValue(typ, new(big.Float).Set(converted.AsBigFloat())), nil
	}
}
