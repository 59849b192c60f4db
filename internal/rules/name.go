package rules

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/perses/spec/go/common"

	"github.com/perses/terraform-provider-perses/internal/diagnostics"
)

// nameMaxLength is the longest name Perses accepts (spec/go/common keyMaxLength, not exported).
const nameMaxLength = 75

// notNameCharacters are the runs of characters a Perses name cannot hold.
var notNameCharacters = regexp.MustCompile(`[^a-zA-Z0-9_.-]+`)

var _ validator.String = nameValidator{}

// Name checks a Perses object name (metadata.name, metadata.project, a secret's name) with
// Perses' own rule: 1 to 75 characters of a-zA-Z0-9_.- . example is a valid name to suggest when
// the value cannot be corrected.
func Name(example string) validator.String { return nameValidator{example: example} }

type nameValidator struct{ example string }

func (v nameValidator) Description(context.Context) string {
	return fmt.Sprintf("must be 1 to %d characters among letters, digits, _, . and -", nameMaxLength)
}

func (v nameValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v nameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	// The rule is Perses' (the server applies the same function); the message is ours.
	if common.ValidateID(value) == nil {
		return
	}
	problem := fmt.Sprintf("%s is %q, which is not a Perses name", req.Path, value)
	if value == "" {
		problem = fmt.Sprintf("%s is empty, which is not a Perses name", req.Path)
	}
	fix := fmt.Sprintf("Write a name such as %q.", v.example)
	if suggestion := SuggestName(value); suggestion != "" {
		fix = fmt.Sprintf("Write %q.", suggestion)
	}
	resp.Diagnostics.Append(diagnostics.AttributeError(req.Path, "Invalid Name",
		fmt.Sprintf(`%s: Perses names are 1 to %d characters among letters, digits, "_", "." and "-".`, problem, nameMaxLength),
		fix))
}

// SuggestName corrects the usual slips in a name (spaces, slashes, other punctuation, too long)
// into a valid Perses name, or returns "" when nothing valid is left.
func SuggestName(value string) string {
	suggestion := strings.Trim(notNameCharacters.ReplaceAllString(strings.TrimSpace(value), "-"), "-")
	if len(suggestion) > nameMaxLength {
		suggestion = strings.TrimRight(suggestion[:nameMaxLength], "-")
	}
	if common.ValidateID(suggestion) != nil {
		return ""
	}
	return suggestion
}
