package testbed

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
)

// The Perses server validates every datasource, panel, query and variable against the CUE
// schema of a loaded plugin, and rejects kinds it has no schema for. Upstream plugins are
// archives downloaded from the internet, which CI cannot reach, so the test bed serves
// hand-written plugin folders instead.
//
// plugins/<module>/ is one plugin module per folder, in the format the server reads:
// mf-manifest.json (module name and semver version), package.json (perses.schemasPath and the
// plugins the module provides), cue.mod/module.cue, and schemas/<dir>/*.cue in `package model`
// with a concrete `kind` and a `spec` struct: one directory per plugin. To add a plugin, add a
// schema directory to an existing module and list it in its package.json, or add a module folder.
//
// Dashboards need more than datasources: Perses refuses a dashboard unless a panel and a variable
// schema are loaded, and validates each panel, query and list variable against its plugin's
// schema. dashboardPluginKinds lists those the test bed serves for that.
//
// pluginlib/ holds CUE shared by several plugins. The server loads each schema directory as
// one CUE instance, so shared definitions are written into the directories that use them (see
// datasourcePlugins) rather than imported.
//
//go:embed plugins pluginlib
var pluginFS embed.FS

// datasourcePlugin is one datasource kind served by the test bed.
type datasourcePlugin struct {
	kind   string // plugin.kind of a datasource, e.g. PrometheusDatasource
	module string // folder under plugins/
}

// schemaDir is the directory of the plugin's CUE schema inside the plugin folder.
func (p datasourcePlugin) schemaDir() string { return path.Join(p.module, "schemas", "datasource") }

// datasourcePlugins are the datasource kinds the provider supports. All of them are HTTP
// datasources and receive pluginlib/http_datasource.cue.
var datasourcePlugins = []datasourcePlugin{
	{kind: "PrometheusDatasource", module: "prometheus"},
	{kind: "TempoDatasource", module: "tempo"},
	{kind: "LokiDatasource", module: "loki"},
	{kind: "PyroscopeDatasource", module: "pyroscope"},
	{kind: "ClickHouseDatasource", module: "clickhouse"},
	{kind: "VictoriaLogsDatasource", module: "victorialogs"},
	// No typed attribute in the provider: exercises the raw plugin attribute.
	{kind: "JaegerDatasource", module: "jaeger"},
}

// dashboardPluginKinds are the panel, query and variable plugins of the test bed, enough for
// dashboards that use Prometheus datasources.
var dashboardPluginKinds = []string{
	"TimeSeriesChart",               // panel, module timeserieschart
	"PrometheusTimeSeriesQuery",     // query, module prometheus
	"PrometheusLabelValuesVariable", // variable, module prometheus
}

// DashboardPluginKinds returns the panel, query and variable plugin kinds the test bed's server
// accepts in dashboards.
func DashboardPluginKinds() []string { return append([]string(nil), dashboardPluginKinds...) }

// DatasourceKinds returns the datasource plugin kinds the test bed's server accepts.
func DatasourceKinds() []string {
	kinds := make([]string, 0, len(datasourcePlugins))
	for _, p := range datasourcePlugins {
		kinds = append(kinds, p.kind)
	}
	return kinds
}

// WritePlugins writes every plugin folder of the test bed into dir, the server's plugin.path
// (for PersesVersion).
func WritePlugins(dir string) error {
	r, err := persesReleaseOf(PersesVersion)
	if err != nil {
		return err
	}
	return writePlugins(dir, r)
}

// moduleLanguage is the language version of a plugin module's cue.mod/module.cue.
var moduleLanguage = regexp.MustCompile(`(language:\s*\{\s*version:\s*)"(v[^"]+)"`)

// writePlugins writes the plugin folders for the server release r: each module's CUE language
// version is lowered to r's CUE when that is older (the server refuses a newer one).
func writePlugins(dir string, r persesRelease) error {
	if err := copyEmbedded("plugins", dir); err != nil {
		return fmt.Errorf("testbed: writing plugins: %w", err)
	}
	modules, err := filepath.Glob(filepath.Join(dir, "*", "cue.mod", "module.cue"))
	if err != nil {
		return fmt.Errorf("testbed: %w", err)
	}
	for _, m := range modules {
		data, err := os.ReadFile(m)
		if err != nil {
			return fmt.Errorf("testbed: %w", err)
		}
		match := moduleLanguage.FindSubmatch(data)
		if match == nil {
			return fmt.Errorf("testbed: %s declares no language version", m)
		}
		data = moduleLanguage.ReplaceAll(data, []byte(`${1}"`+r.pluginCUELanguage(string(match[2]))+`"`))
		if err := os.WriteFile(m, data, 0o644); err != nil {
			return fmt.Errorf("testbed: %w", err)
		}
	}
	httpLib, err := pluginFS.ReadFile("pluginlib/http_datasource.cue")
	if err != nil {
		return fmt.Errorf("testbed: %w", err)
	}
	for _, p := range datasourcePlugins {
		target := filepath.Join(dir, filepath.FromSlash(p.schemaDir()), "http_datasource.cue")
		if err := os.WriteFile(target, httpLib, 0o644); err != nil {
			return fmt.Errorf("testbed: writing plugins: %w", err)
		}
	}
	return nil
}

// copyEmbedded copies the embedded tree under root into dir.
func copyEmbedded(root, dir string) error {
	return fs.WalkDir(pluginFS, root, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.FromSlash(name))
		if err != nil {
			return err
		}
		target := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := pluginFS.ReadFile(name)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
