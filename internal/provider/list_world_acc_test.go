package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	v1 "github.com/perses/perses/pkg/model/api/v1"
	"github.com/perses/perses/pkg/model/api/v1/common"
	"github.com/perses/perses/pkg/model/api/v1/secret"
	speccommon "github.com/perses/spec/go/common"
	"github.com/perses/spec/go/datasource"
	"github.com/perses/spec/go/plugin"

	"github.com/perses/terraform-provider-perses/internal/plugins"
	"github.com/perses/terraform-provider-perses/internal/testbed"
)

// adoptionWorld is a Perses made outside Terraform, as the guide "Adopt an existing Perses"
// starts from: projects, global and project datasources of every typed kind and of a kind
// without a typed attribute (the test bed's JaegerDatasource), defaults among them, global and
// project secrets of every kind of credentials, some datasources using them. Names are written
// with capitals, as people write them: a server whose database is not case-sensitive stores
// them lowercased (the default, the test bed's too).
type adoptionWorld struct {
	projects []*v1.Project
	globals  []*v1.GlobalDatasource
	locals   []*v1.Datasource
	gSecrets []*v1.GlobalSecret
	pSecrets []*v1.Secret
}

// adoptionKinds are the plugin kinds of the world's datasources: the typed ones, then one the
// provider knows only through `plugin`.
func adoptionKinds() []string {
	kinds := make([]string, 0, len(plugins.Kinds())+1)
	for _, k := range plugins.Kinds() {
		kinds = append(kinds, k.PluginKind)
	}
	return append(kinds, "JaegerDatasource")
}

// adoptionProjects are the projects of the world, spelled as their teams wrote them.
var adoptionProjects = []string{"Checkout", "Payments", "Search"}

// adoptionDatasourcesPerProject: every kind once (each the default of its kind in its project),
// then a second Prometheus and a second Tempo.
const adoptionDatasourcesPerProject = 9

// newAdoptionWorld is the world of the guide's test: 3 projects, 14 global datasources (two of
// each kind, the first the default), 27 project datasources, 4 global and 6 project secrets.
func newAdoptionWorld() *adoptionWorld {
	w := &adoptionWorld{}
	kinds := adoptionKinds()
	title := func(kind string) string { return strings.TrimSuffix(kind, "Datasource") }
	// spec is a datasource of kind at host: direct_url, or a proxy (with a secret, and with the
	// endpoints people pick, or none: Perses then allows everything).
	spec := func(kind, host string, isDefault, proxied bool, secretName string, endpoints bool) datasource.Spec {
		var pluginSpec map[string]any
		if proxied {
			proxy := map[string]any{"url": "http://" + host + ":8080"}
			if secretName != "" {
				proxy["secret"] = secretName
			}
			if endpoints {
				proxy["allowedEndpoints"] = []map[string]string{{"endpointPattern": "/api/v1/query", "method": "POST"}, {"endpointPattern": "/api/v1/labels", "method": "POST"}}
			}
			pluginSpec = map[string]any{"proxy": map[string]any{"kind": "HTTPProxy", "spec": proxy}}
		} else {
			pluginSpec = map[string]any{"directUrl": "https://" + host}
		}
		switch kind {
		case "PrometheusDatasource":
			if proxied {
				pluginSpec["scrapeInterval"] = "30s"
			}
		case "JaegerDatasource":
			pluginSpec["maxTraces"] = 20
		}
		out := datasource.Spec{Default: isDefault, Plugin: plugin.Plugin{Kind: kind, Spec: pluginSpec}}
		if proxied {
			out.Display = &speccommon.Display{Name: title(kind) + " (through Perses)", Description: "Made with percli"}
		}
		return out
	}

	w.gSecrets = []*v1.GlobalSecret{
		{Kind: v1.KindGlobalSecret, Metadata: v1.Metadata{Name: "Prometheus-Credentials"},
			Spec: v1.SecretSpec{BasicAuth: &secret.BasicAuth{Username: "perses", Password: "percli-password"}}},
		{Kind: v1.KindGlobalSecret, Metadata: v1.Metadata{Name: "Tempo-Token"},
			Spec: v1.SecretSpec{Authorization: &secret.Authorization{Type: "Bearer", Credentials: "percli-token"}}},
		{Kind: v1.KindGlobalSecret, Metadata: v1.Metadata{Name: "Loki-OAuth"},
			Spec: v1.SecretSpec{OAuth: &secret.OAuth{ClientID: "perses", ClientSecret: "percli-client-secret", TokenURL: "https://auth.example.com/token", Scopes: []string{"logs:read"}}}},
		{Kind: v1.KindGlobalSecret, Metadata: v1.Metadata{Name: "Pyroscope-mTLS"},
			Spec: v1.SecretSpec{TLSConfig: &secret.TLSConfig{CAFile: "/etc/perses/ca.pem", CertFile: "/etc/perses/client.pem", KeyFile: "/etc/perses/client-key.pem", ServerName: "pyroscope.monitoring.svc"}}},
	}
	for i, kind := range kinds {
		for j := range 2 {
			name := fmt.Sprintf("%s-%d", title(kind), j)
			host := strings.ToLower(name) + ".monitoring.svc"
			secretName := ""
			if j == 1 && i < len(w.gSecrets) {
				secretName = strings.ToLower(w.gSecrets[i].Metadata.Name) // as the server stores it
			}
			w.globals = append(w.globals, &v1.GlobalDatasource{Kind: v1.KindGlobalDatasource, Metadata: v1.Metadata{Name: name},
				Spec: spec(kind, host, j == 0, j == 1, secretName, i%2 == 0)})
		}
	}
	for _, project := range adoptionProjects {
		w.projects = append(w.projects, &v1.Project{Kind: v1.KindProject, Metadata: v1.Metadata{Name: project},
			Spec: v1.ProjectSpec{Display: &common.Display{Name: project + " team"}}})
		w.pSecrets = append(w.pSecrets,
			&v1.Secret{Kind: v1.KindSecret, Metadata: *v1.NewProjectMetadata(project, "Prometheus-Credentials"),
				Spec: v1.SecretSpec{BasicAuth: &secret.BasicAuth{Username: strings.ToLower(project), Password: "percli-" + project}}},
			&v1.Secret{Kind: v1.KindSecret, Metadata: *v1.NewProjectMetadata(project, "Loki-Token"),
				Spec: v1.SecretSpec{Authorization: &secret.Authorization{Type: "Bearer", Credentials: "percli-token-" + project},
					TLSConfig: &secret.TLSConfig{CAFile: "/etc/perses/ca.pem"}}})
		for i := range adoptionDatasourcesPerProject {
			kind := kinds[i%len(kinds)]
			name := fmt.Sprintf("%s-%d", title(kind), i)
			host := strings.ToLower(name + "." + project + ".example.com")
			secretName := ""
			if i == len(kinds) { // the second Prometheus
				secretName = "prometheus-credentials"
			}
			w.locals = append(w.locals, &v1.Datasource{Kind: v1.KindDatasource, Metadata: *v1.NewProjectMetadata(project, name),
				Spec: spec(kind, host, i < len(kinds), i%2 == 1 || i >= len(kinds), secretName, i == len(kinds))})
		}
	}
	return w
}

// size is the number of objects of the world.
func (w *adoptionWorld) size() int {
	return len(w.projects) + len(w.globals) + len(w.locals) + len(w.gSecrets) + len(w.pSecrets)
}

// worldSecret is a secret of the world, with its ID as the server lists it (lowercased).
type worldSecret struct {
	id     string
	secret *v1.Secret
}

// secrets are the global and the project secrets of the world, as *v1.Secret (a global one
// with no project).
func (w *adoptionWorld) secrets() []worldSecret {
	var out []worldSecret
	for _, g := range w.gSecrets {
		out = append(out, worldSecret{id: strings.ToLower(g.Metadata.Name),
			secret: &v1.Secret{Kind: v1.KindSecret, Metadata: *v1.NewProjectMetadata("", g.Metadata.Name), Spec: g.Spec}})
	}
	for _, p := range w.pSecrets {
		out = append(out, worldSecret{id: strings.ToLower(p.Metadata.Project + "/" + p.Metadata.Name), secret: p})
	}
	return out
}

// percliApply creates the world with `percli apply`, as a team that manages Perses with percli
// does: one file per kind of object (projects first, as the file names sort).
func (w *adoptionWorld) percliApply(t *testing.T, s *testbed.Server) {
	t.Helper()
	_, percli, err := testbed.EnsurePerses(t.Context(), os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, objects := range map[string]any{
		"1-projects.json": w.projects, "2-global-secrets.json": w.gSecrets, "3-project-secrets.json": w.pSecrets,
		"4-global-datasources.json": w.globals, "5-project-datasources.json": w.locals,
	} {
		data, err := json.MarshalIndent(objects, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, "objects"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "objects", name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	config := filepath.Join(dir, "percli.json")
	for _, args := range [][]string{
		{"login", s.URL, "--percliconfig", config},
		{"apply", "-d", filepath.Join(dir, "objects"), "--percliconfig", config},
	} {
		cmd := exec.Command(percli, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("percli %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
