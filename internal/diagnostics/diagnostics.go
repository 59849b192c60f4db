// Package diagnostics builds the provider's diagnostics so that every message reads the same way:
// a Title Case summary, then what is wrong, what to write or do instead, and the original error if any.
package diagnostics

import (
	"errors"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// fixer is an error that knows better than its caller what the user must change: the client's
// TLS handshake failures (a CA or a client certificate to configure), where the caller's generic
// advice (check the url, the network, the credentials) would mislead.
type fixer interface{ Fix() string }

// Detail joins the parts of a diagnostic detail: what happened, what to do, and the underlying error.
func Detail(problem, fix string, err error) string {
	var f fixer
	if errors.As(err, &f) && f.Fix() != "" {
		fix = f.Fix()
	}
	parts := make([]string, 0, 3)
	if problem != "" {
		parts = append(parts, problem)
	}
	if fix != "" {
		parts = append(parts, fix)
	}
	if err != nil {
		parts = append(parts, "Original error: "+err.Error())
	}
	return strings.Join(parts, "\n\n")
}

// AttributeError is an error caused by the value of one attribute.
func AttributeError(p path.Path, summary, problem, fix string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, summary, Detail(problem, fix, nil))
}

// AttributeWarning is a warning about the value of one attribute.
func AttributeWarning(p path.Path, summary, problem, fix string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(p, summary, Detail(problem, fix, nil))
}

// Error is an error not tied to a single attribute, typically a failed API call.
func Error(summary, problem, fix string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic(summary, Detail(problem, fix, err))
}

// AttributeErrorCause is an error caused by the value of one attribute that also has an
// underlying error (typically the server's refusal of that value).
func AttributeErrorCause(p path.Path, summary, problem, fix string, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, summary, Detail(problem, fix, err))
}

// Warning is a warning not tied to a single attribute.
func Warning(summary, problem, fix string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic(summary, Detail(problem, fix, err))
}

// Bug is an error that only a defect of the provider can cause: it says so and asks for a report.
func Bug(summary, problem string, err error) diag.Diagnostic {
	return Error(summary, problem, "This is a bug in the provider: please report it with the steps that led to it.", err)
}
