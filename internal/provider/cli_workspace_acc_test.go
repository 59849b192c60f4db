package provider

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// cliWorkspace runs the CLI of the acceptance tests (TF_ACC_TERRAFORM_PATH) by hand in a working
// directory, as a user does: terraform-plugin-testing keeps the human output of plan and apply
// to itself, and some tests are about exactly that output (what a plan shows, what never
// appears in it). Every run has TF_LOG=trace into cliLog; the provider is served from this
// process, its own logs going at trace level into providerLog (terraform-plugin-log's test
// sink, through TF_ACC_LOG_PATH).
type cliWorkspace struct {
	cli, dir            string
	cliLog, providerLog string
	reattach            string
	outputs             map[string][]byte // combined stdout and stderr of each run, by "<n> <args>"
	runs                int
	// untraced: no trace logs and no outputs kept (see newUntracedCLIWorkspace).
	untraced bool
}

func newCLIWorkspace(t *testing.T) *cliWorkspace {
	t.Helper()
	return openCLIWorkspace(t, true)
}

// newUntracedCLIWorkspace is a workspace for long runs (the generative walk): neither the CLI nor
// the provider writes a trace log, which would grow by megabytes a run, and run keeps no outputs.
func newUntracedCLIWorkspace(t *testing.T) *cliWorkspace {
	t.Helper()
	return openCLIWorkspace(t, false)
}

func openCLIWorkspace(t *testing.T, traced bool) *cliWorkspace {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set: run the acceptance tests with make testacc")
	}
	dir := t.TempDir()
	w := &cliWorkspace{cli: cli, dir: dir, cliLog: filepath.Join(dir, "cli-trace.log"), providerLog: filepath.Join(dir, "provider-trace.log"),
		outputs: map[string][]byte{}, untraced: !traced}
	// Read by the provider's log sink on every request, so it must stay set while the CLI runs.
	// Unset, the sink logs nothing (terraform-plugin-log reads TF_LOG of this process then).
	if traced {
		t.Setenv("TF_ACC_LOG_PATH", w.providerLog)
	} else {
		t.Setenv("TF_ACC_LOG_PATH", "")
	}
	var stop func()
	w.reattach, stop = serveProvider(t)
	t.Cleanup(stop)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("CLI working directory kept: %s (trace logs %s and %s)", w.dir, w.cliLog, w.providerLog)
		}
	})
	return w
}

// writeConfig replaces main.tf.
func (w *cliWorkspace) writeConfig(t *testing.T, config string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
}

// run runs the CLI with args and extra environment variables and returns its combined output.
func (w *cliWorkspace) run(t *testing.T, env []string, args ...string) ([]byte, error) {
	t.Helper()
	cmd := exec.Command(w.cli, args...)
	cmd.Dir = w.dir
	logging := []string{"TF_LOG=trace", "TF_LOG_PATH=" + w.cliLog}
	if w.untraced {
		logging = []string{"TF_LOG=", "TF_LOG_PATH="}
	}
	cmd.Env = append(append(append(os.Environ(), "TF_REATTACH_PROVIDERS="+w.reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"),
		logging...), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	w.runs++
	if !w.untraced {
		w.outputs[fmt.Sprintf("%02d %s", w.runs, strings.Join(args, " "))] = out.Bytes()
	}
	if err != nil {
		return out.Bytes(), fmt.Errorf("%s %s: %w\n%s", filepath.Base(w.cli), strings.Join(args, " "), err, out.String())
	}
	return out.Bytes(), nil
}

// mustRun is run for a command that must succeed.
func (w *cliWorkspace) mustRun(t *testing.T, env []string, args ...string) []byte {
	t.Helper()
	out, err := w.run(t, env, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// artifact is something a run left behind that a secret must not be in (or, for a positive
// control, must be in).
type artifact struct {
	name    string
	content []byte
}

// artifacts gathers everything the runs wrote: their outputs, every file of the working
// directory (state, state backup, saved plans, lock file, trace logs; the .terraform folder
// holds no run data), and the members of the saved plans, which are zip files.
func (w *cliWorkspace) artifacts(t *testing.T) []artifact {
	t.Helper()
	var out []artifact
	for name, content := range w.outputs {
		out = append(out, artifact{"output of " + name, content})
	}
	entries, err := os.ReadDir(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		content, err := os.ReadFile(filepath.Join(w.dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, artifact{e.Name(), content})
		if zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content))); err == nil {
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				member, err := io.ReadAll(rc)
				_ = rc.Close()
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, artifact{e.Name() + ":" + f.Name, member})
			}
		}
	}
	return out
}
