package provider

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"

	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// The proof that a password given in the write-only form lands nowhere: the CLI is run by hand
// (cliWorkspace) through init, a saved plan, its rendering, apply, a rotation and destroy, with
// TF_LOG=trace for the CLI and trace logs for the provider; then every output, every file of
// the working directory (state, backup, saved plans and their members) and both logs are
// searched for the password bytes. The Sensitive form is run the same way as a positive
// control: its password is in the state file, so the search does find what it looks for.

// leakCheckPassword is a password no other text can contain by chance.
func leakCheckPassword(label string) string {
	return "leak-check-" + label + "-" + acctest.RandString(16)
}

// passwordVariable declares the variable the password comes from (TF_VAR_<name>). Ephemeral
// (Terraform 1.10+, OpenTofu 1.11+), it is not even kept in the saved plan, which otherwise
// holds the values of the root module's variables; only write-only attributes and other
// ephemeral contexts may use it.
func passwordVariable(name string, ephemeral bool) string {
	extra := ""
	if ephemeral {
		extra = "\n  ephemeral = true"
	}
	return fmt.Sprintf("\nvariable %q {\n  type      = string\n  sensitive = true%s\n}\n", name, extra)
}

// leakRun is one apply-rotate-destroy cycle of the protected Prometheus configuration in a
// fresh workspace, the password coming from TF_VAR_prometheus_password.
type leakRun struct {
	w                    *cliWorkspace
	first, second        string // the passwords before and after the rotation
	project, global, loc string
}

func runLeakCycle(t *testing.T, s *testbed.Server, prom *testbed.Prometheus, form secretForm, ephemeral bool) *leakRun {
	t.Helper()
	r := &leakRun{w: newCLIWorkspace(t), first: leakCheckPassword("first"), second: leakCheckPassword("second"),
		project: accName("leak"), global: accName("prometheus"), loc: accName("prometheus")}
	config := func(version int) string {
		return protectedPrometheusConfig(s, prom, form, r.project, r.global, r.loc, "var.prometheus_password", version) + passwordVariable("prometheus_password", ephemeral)
	}
	datasources := [][2]string{{"", r.global}, {r.project, r.loc}}
	apply := func(password string, version int) {
		if err := prom.SetPassword(password); err != nil {
			t.Fatal(err)
		}
		env := []string{"TF_VAR_prometheus_password=" + password}
		r.w.writeConfig(t, config(version))
		plan := r.w.mustRun(t, env, "plan", "-input=false", "-no-color", "-out=tfplan")
		if !bytes.Contains(plan, []byte("perses_global_secret.prometheus")) {
			t.Fatalf("the plan does not mention the secret:\n%s", plan)
		}
		r.w.mustRun(t, env, "show", "-no-color", "tfplan")
		r.w.mustRun(t, env, "show", "-json", "tfplan")
		// An ephemeral variable is not in the saved plan: apply needs it again.
		r.w.mustRun(t, env, "apply", "-input=false", "-no-color", "tfplan")
		if err := expectProxyStatus(t, s, http.StatusOK, datasources...)(nil); err != nil {
			t.Fatalf("after apply: %v", err)
		}
		r.w.mustRun(t, env, "show", "-json")
		r.w.mustRun(t, env, "plan", "-input=false", "-no-color", "-detailed-exitcode") // exit 2 would mean changes
	}
	r.w.writeConfig(t, config(1))
	r.w.mustRun(t, nil, "init", "-input=false", "-no-color")
	apply(r.first, 1)
	apply(r.second, 2) // the rotation: a new password, and a new version for the write-only form
	r.w.mustRun(t, []string{"TF_VAR_prometheus_password=" + r.second}, "destroy", "-input=false", "-no-color", "-auto-approve")
	return r
}

// expectNowhere fails for every artifact holding one of the passwords.
func expectNowhere(t *testing.T, artifacts []artifact, passwords ...string) {
	t.Helper()
	for _, a := range artifacts {
		for _, p := range passwords {
			if bytes.Contains(a.content, []byte(p)) {
				t.Errorf("the password %s is in %s", p, a.name)
			}
		}
	}
}

// expectLogsCaptured guards the search against logs that were silently not written: the CLI's
// trace log and the provider's, with the masked bodies of its requests to Perses.
func expectLogsCaptured(t *testing.T, artifacts []artifact) {
	t.Helper()
	found := map[string]bool{}
	for _, a := range artifacts {
		switch a.name {
		case "cli-trace.log":
			found[a.name] = bytes.Contains(a.content, []byte("[TRACE]"))
		case "provider-trace.log":
			found[a.name] = bytes.Contains(a.content, []byte("Perses request")) && bytes.Contains(a.content, []byte(`\"password\":\"***\"`))
		}
	}
	for _, name := range []string{"cli-trace.log", "provider-trace.log"} {
		if !found[name] {
			t.Errorf("%s is missing or does not have the expected trace lines", name)
		}
	}
}

func TestAccSecretPasswordNeverInStatePlanOrLogs(t *testing.T) {
	s := accServerAuthOff(t)
	prom := testbed.StartTestPrometheus(t, testbed.PrometheusOptions{Username: "perses", Password: "initial"})

	t.Run("write-only", func(t *testing.T) {
		if !cliSupports(t, featureWriteOnly) {
			// The refusal, with the password in no output and no log either. The variable cannot
			// be ephemeral here: this CLI does not know the argument.
			w := newCLIWorkspace(t)
			password := leakCheckPassword("refused")
			w.writeConfig(t, protectedPrometheusConfig(s, prom, writeOnlyForm, accName("leak"), accName("prometheus"), accName("prometheus"),
				"var.prometheus_password", 1)+passwordVariable("prometheus_password", false))
			w.mustRun(t, nil, "init", "-input=false", "-no-color")
			out, err := w.run(t, []string{"TF_VAR_prometheus_password=" + password}, "plan", "-input=false", "-no-color")
			if err == nil || !writeOnlyRefusal.Match(out) {
				t.Fatalf("plan: %v, want the write-only refusal:\n%s", err, out)
			}
			expectNowhere(t, w.artifacts(t), password)
			return
		}
		r := runLeakCycle(t, s, prom, writeOnlyForm, true)
		artifacts := r.w.artifacts(t)
		expectLogsCaptured(t, artifacts)
		expectNowhere(t, artifacts, r.first, r.second)
	})

	t.Run("sensitive", func(t *testing.T) {
		r := runLeakCycle(t, s, prom, sensitiveForm, false)
		artifacts := r.w.artifacts(t)
		expectLogsCaptured(t, artifacts)
		var inState bool
		var shown []artifact
		for _, a := range artifacts {
			switch {
			case a.name == "terraform.tfstate.backup":
				// The state before destroy: the positive control.
				inState = bytes.Contains(a.content, []byte(r.second))
			case humanOutput.MatchString(a.name), strings.HasSuffix(a.name, "trace.log"):
				shown = append(shown, a)
			}
		}
		if !inState {
			t.Error("the Sensitive form's password is not in the state backup: the search is not finding what it looks for")
		}
		// Hidden from what a person or a CI log sees, and from the trace logs.
		expectNowhere(t, shown, r.first, r.second)
	})
}

// humanOutput names the outputs of the commands whose text a person reads: everything but the
// JSON renderings, which show Sensitive values by design.
var humanOutput = regexp.MustCompile(`^output of \d+ (init|plan|apply|destroy|show -no-color)`)
