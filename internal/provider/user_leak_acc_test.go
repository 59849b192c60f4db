package provider

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// The proof that a user's password given in the write-only form lands nowhere, as
// secret_leak_acc_test.go proves it for secrets: the CLI is run by hand through init, a saved
// plan, its rendering, apply, a password change (a new version) and destroy, with TF_LOG=trace
// for the CLI and trace logs for the provider; then every output, every file of the working
// directory and both logs are searched for the passwords. After each apply the user logs in
// with the password of that apply. The Sensitive form is the positive control: its password is
// in the state.

// TestAccUserPasswordNeverInStatePlanOrLogs runs the cycle for each form the CLI has; a CLI
// without write-only attributes refuses that form, with the password in no output and no log.
func TestAccUserPasswordNeverInStatePlanOrLogs(t *testing.T) {
	s := rolesServer(t)
	cycle := func(t *testing.T, form userPasswordForm, ephemeral bool) (*cliWorkspace, []string) {
		w, name := newCLIWorkspace(t), accName("leak")
		passwords := []string{leakCheckPassword("first"), leakCheckPassword("second")}
		config := func(version int) string {
			return adminConfig(s) + userConfig(name, "Leak", "", form.lines("var.user_password", version)) + passwordVariable("user_password", ephemeral)
		}
		w.writeConfig(t, config(1))
		w.mustRun(t, nil, "init", "-input=false", "-no-color")
		var env []string
		for i, password := range passwords {
			env = []string{"TF_VAR_user_password=" + password}
			w.writeConfig(t, config(i+1))
			if plan := w.mustRun(t, env, "plan", "-input=false", "-no-color", "-out=tfplan"); !bytes.Contains(plan, []byte("perses_user.test")) {
				t.Fatalf("the plan does not mention the user:\n%s", plan)
			}
			w.mustRun(t, env, "show", "-no-color", "tfplan")
			w.mustRun(t, env, "show", "-json", "tfplan")
			w.mustRun(t, env, "apply", "-input=false", "-no-color", "tfplan")
			if _, err := s.LoginAs(context.Background(), name, password); err != nil {
				t.Fatalf("after apply %d: %v", i+1, err)
			}
			w.mustRun(t, env, "show", "-json")
			w.mustRun(t, env, "plan", "-input=false", "-no-color", "-detailed-exitcode") // exit 2 would mean changes
		}
		w.mustRun(t, env, "destroy", "-input=false", "-no-color", "-auto-approve")
		return w, passwords
	}

	t.Run("write-only", func(t *testing.T) {
		if !cliSupports(t, featureWriteOnly) {
			w, password := newCLIWorkspace(t), leakCheckPassword("refused")
			w.writeConfig(t, adminConfig(s)+userConfig(accName("leak"), "", "", userWriteOnlyForm.lines("var.user_password", 1))+passwordVariable("user_password", false))
			w.mustRun(t, nil, "init", "-input=false", "-no-color")
			out, err := w.run(t, []string{"TF_VAR_user_password=" + password}, "plan", "-input=false", "-no-color")
			if err == nil || !writeOnlyRefusalOf("password_wo").Match(out) {
				t.Fatalf("plan: %v, want the write-only refusal:\n%s", err, out)
			}
			expectNowhere(t, w.artifacts(t), password)
			return
		}
		w, passwords := cycle(t, userWriteOnlyForm, true)
		artifacts := w.artifacts(t)
		expectLogsCaptured(t, artifacts)
		expectNowhere(t, artifacts, passwords...)
	})

	t.Run("sensitive", func(t *testing.T) {
		w, passwords := cycle(t, userSensitiveForm, false)
		artifacts := w.artifacts(t)
		expectLogsCaptured(t, artifacts)
		var inState bool
		var shown []artifact
		for _, a := range artifacts {
			switch {
			case a.name == "terraform.tfstate.backup":
				inState = bytes.Contains(a.content, []byte(passwords[1]))
			case humanOutput.MatchString(a.name), strings.HasSuffix(a.name, "trace.log"):
				shown = append(shown, a)
			}
		}
		if !inState {
			t.Error("the Sensitive form's password is not in the state backup: the search is not finding what it looks for")
		}
		expectNowhere(t, shown, passwords...)
	})
}
