package plugins

import (
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/perses/terraform-provider-perses/internal/rules"
)

// ResourceAttribute is the kind's attribute in a resource schema. It is Optional: the resource
// decides how the kinds exclude each other. Data sources derive theirs from it (see the
// provider's schema_clone.go).
func (k *Kind) ResourceAttribute() rschema.SingleNestedAttribute {
	return resourceObject(k.attribute())
}

// AttrTypes is the object type of the kind's attribute, the same in every mode.
// The map is shared: do not change it.
func (k *Kind) AttrTypes() map[string]attr.Type {
	k.describe()
	return k.described.types
}

// attribute is the kind's attribute, described once for every mode: direct_url, proxy, then the
// kind's own fields. It is built once per process: every conversion of a datasource between
// Terraform and JSON walks it (see make bench-profile).
func (k *Kind) attribute() attribute {
	k.describe()
	return k.described.attr
}

// description is what describe builds once.
type description struct {
	once  sync.Once
	attr  attribute
	types map[string]attr.Type
}

func (k *Kind) describe() {
	k.described.once.Do(func() {
		k.described.attr = k.buildAttribute()
		k.described.types = attrTypes(k.described.attr.nested)
	})
}

func (k *Kind) buildAttribute() attribute {
	nested := httpAttributes(k)
	for _, f := range k.Fields {
		nested[f.Attribute] = f.attribute()
	}
	return attribute{
		typ: objectType,
		description: fmt.Sprintf("A %s datasource (plugin kind `%s`), queried by the browser at `%s` or "+
			"through the Perses server with `%s`: set exactly one of them.",
			k.Title, k.PluginKind, directURLAttribute, proxyAttribute),
		objectValidators: []validator.Object{exactlyOneOfHTTPValidator{example: exampleURL(k)}},
		nested:           nested,
	}
}

// attribute describes a kind-specific field. Empty values are left out of the spec (see
// convert.go) and would then read back as null, so they are refused.
func (f Field) attribute() attribute {
	switch f.Type {
	case FieldStringMap:
		return attribute{typ: stringMapType, json: f.JSON, description: f.Description,
			mapValidators: []validator.Map{rules.NotEmptyMap()}}
	default:
		return attribute{typ: stringType, json: f.JSON, description: f.Description,
			stringValidators: append([]validator.String{rules.NotEmptyString()}, f.Validators...)}
	}
}

type attributeType int

const (
	stringType attributeType = iota
	stringMapType
	objectType
	objectListType
)

// attribute describes one attribute for every mode, so that the resource and data source schemas
// and the object type cannot drift apart.
type attribute struct {
	typ         attributeType
	description string
	// json is the field name in the plugin spec (empty for the kind's attribute itself).
	json string
	// envelope wraps an objectType in the plugin spec as {"kind": envelope, "spec": {...}}.
	envelope string
	// required is Required in user-input modes; otherwise the attribute is Optional.
	required bool
	// defaultValue, if any, makes the attribute also Computed in user-input modes and stands for
	// it when the configuration omits it: planned in a resource, applied by ToSpec otherwise.
	// Only objectListType supports it.
	defaultValue attr.Value

	stringValidators []validator.String
	mapValidators    []validator.Map
	listValidators   []validator.List
	objectValidators []validator.Object

	// nested are the attributes of an objectType, or of each element of an objectListType.
	nested map[string]attribute
}

func (a attribute) attrType() attr.Type {
	switch a.typ {
	case stringMapType:
		return types.MapType{ElemType: types.StringType}
	case objectType:
		return types.ObjectType{AttrTypes: attrTypes(a.nested)}
	case objectListType:
		return types.ListType{ElemType: types.ObjectType{AttrTypes: attrTypes(a.nested)}}
	default:
		return types.StringType
	}
}

// listDefault is the framework default of a list with a default value (see defaults.go).
func (a attribute) listDefault() defaults.List {
	if list, ok := a.defaultValue.(types.List); ok {
		return listdefault.StaticValue(list)
	}
	return nil
}

// listPlanModifiers keep a stored list that holds the default's entries in another order.
func (a attribute) listPlanModifiers() []planmodifier.List {
	if list, ok := a.defaultValue.(types.List); ok {
		return []planmodifier.List{storedOrderOfDefault{value: list}}
	}
	return nil
}

func attrTypes(attributes map[string]attribute) map[string]attr.Type {
	result := make(map[string]attr.Type, len(attributes))
	for name, a := range attributes {
		result[name] = a.attrType()
	}
	return result
}

// presence is how the user sets an attribute.
type presence struct{ required, optional, computed bool }

func (a attribute) presence() presence {
	return presence{required: a.required, optional: !a.required, computed: a.defaultValue != nil}
}

func resourceAttributes(attributes map[string]attribute) map[string]rschema.Attribute {
	result := make(map[string]rschema.Attribute, len(attributes))
	for name, a := range attributes {
		result[name] = resourceAttribute(a)
	}
	return result
}

func resourceAttribute(a attribute) rschema.Attribute {
	p := a.presence()
	switch a.typ {
	case stringMapType:
		return rschema.MapAttribute{ElementType: types.StringType, MarkdownDescription: a.description,
			Required: p.required, Optional: p.optional, Computed: p.computed, Validators: a.mapValidators}
	case objectType:
		return resourceObject(a)
	case objectListType:
		return rschema.ListNestedAttribute{
			NestedObject:        rschema.NestedAttributeObject{Attributes: resourceAttributes(a.nested)},
			MarkdownDescription: a.description,
			Required:            p.required, Optional: p.optional, Computed: p.computed,
			Default: a.listDefault(), PlanModifiers: a.listPlanModifiers(), Validators: a.listValidators,
		}
	default:
		return rschema.StringAttribute{MarkdownDescription: a.description,
			Required: p.required, Optional: p.optional, Computed: p.computed, Validators: a.stringValidators}
	}
}

func resourceObject(a attribute) rschema.SingleNestedAttribute {
	p := a.presence()
	return rschema.SingleNestedAttribute{
		Attributes:          resourceAttributes(a.nested),
		MarkdownDescription: a.description,
		Required:            p.required, Optional: p.optional, Computed: p.computed,
		Validators: a.objectValidators,
	}
}
