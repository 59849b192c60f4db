package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/spec/go/datasource"
	"github.com/perses/spec/go/plugin"
)

// workload is one row of the benchmark: N Prometheus datasources, global or spread evenly over
// projects. The same N objects are written as provider resources, as terraform_data resources
// (the Terraform core floor: same count, same plan/apply steps, no provider process and no
// server) and as percli files.
type workload struct {
	N        int
	Projects int // 0: global datasources
}

func (w workload) String() string {
	if w.Projects == 0 {
		return fmt.Sprintf("%d global datasources", w.N)
	}
	return fmt.Sprintf("%d datasources in %d projects", w.N, w.Projects)
}

// slug names the row in file names.
func (w workload) slug() string {
	if w.Projects == 0 {
		return fmt.Sprintf("%d-global", w.N)
	}
	return fmt.Sprintf("%d-in-%d-projects", w.N, w.Projects)
}

func (w workload) name(i int) string { return fmt.Sprintf("bench-%04d", i) }

// project of datasource i ("" for a global one).
func (w workload) project(i int) string {
	if w.Projects == 0 {
		return ""
	}
	return w.projectName(i % w.Projects)
}

func (w workload) projectName(p int) string { return fmt.Sprintf("bench-p%02d", p) }

// url of datasource i; version 1 changes every tenth datasource (the "apply changing 10%" step).
func (w workload) url(i, version int) string {
	port := 9090
	if version > 0 && i%10 == 0 {
		port = 9091
	}
	return fmt.Sprintf("http://prometheus-%04d.example.com:%d", i, port)
}

// providerConfig is the configuration of the N datasources for the Perses provider. Projects
// are created beforehand (outside the timed steps, for every tool alike), so that each tool
// handles exactly the N datasources.
func (w workload) providerConfig(serverURL string, version int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "terraform {\n  required_providers {\n    perses = { source = \"perses/perses\" }\n  }\n}\n\n")
	fmt.Fprintf(&b, "provider \"perses\" {\n  url = %q\n}\n", serverURL)
	for i := range w.N {
		if p := w.project(i); p == "" {
			fmt.Fprintf(&b, "\nresource \"perses_global_datasource\" \"ds_%04d\" {\n", i)
		} else {
			fmt.Fprintf(&b, "\nresource \"perses_project_datasource\" \"ds_%04d\" {\n  project    = %q\n", i, p)
		}
		fmt.Fprintf(&b, "  name       = %q\n  prometheus = { direct_url = %q }\n}\n", w.name(i), w.url(i, version))
	}
	return b.String()
}

// floorConfig is the same N objects as terraform_data resources.
func (w workload) floorConfig(version int) string {
	var b strings.Builder
	for i := range w.N {
		fmt.Fprintf(&b, "resource \"terraform_data\" \"ds_%04d\" {\n  input = { project = %q, name = %q, direct_url = %q }\n}\n\n",
			i, w.project(i), w.name(i), w.url(i, version))
	}
	return b.String()
}

// minimalConfig is the same N objects as resources of the minimal framework provider
// (internal/bench/cmd/minimal-provider).
func (w workload) minimalConfig(version int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "terraform {\n  required_providers {\n    minimal = { source = \"bench/minimal\" }\n  }\n}\n\n")
	for i := range w.N {
		fmt.Fprintf(&b, "resource \"minimal_thing\" \"ds_%04d\" {\n  name = %q\n  url  = %q\n}\n\n", i, w.name(i), w.url(i, version))
	}
	return b.String()
}

// writePercliDir writes the N datasources as percli files, one object per file as a
// datasources-as-code repository keeps them.
func (w workload) writePercliDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := range w.N {
		spec := datasource.Spec{Plugin: plugin.Plugin{Kind: "PrometheusDatasource", Spec: map[string]any{"directUrl": w.url(i, 0)}}}
		var object any = &v1.GlobalDatasource{Kind: v1.KindGlobalDatasource, Metadata: v1.Metadata{Name: w.name(i)}, Spec: spec}
		if p := w.project(i); p != "" {
			object = &v1.Datasource{Kind: v1.KindDatasource, Metadata: *v1.NewProjectMetadata(p, w.name(i)), Spec: spec}
		}
		data, err := json.MarshalIndent(object, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, w.name(i)+".json"), data, 0o600); err != nil {
			return err
		}
	}
	return nil
}
