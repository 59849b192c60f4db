package client

import (
	"encoding/json"
	"testing"

	v1 "github.com/perses/perses/pkg/model/api/v1"
)

// One helper picks, for project "" and for a project, the routes, the wire envelope and the
// decoding of datasources and secrets.
func TestScopedPicksRouteWireAndDecodingOfEachScope(t *testing.T) {
	tests := []struct {
		name                                   string
		path, objectPath, validate, proxy      string
		wireKind                               v1.Kind
		wire                                   func() any
		decode                                 func() (kind v1.Kind, project, name string)
		wantKind                               v1.Kind
		wantProject, wantName, wantWireProject string
	}{
		{
			name: "global datasource", path: "/api/v1/globaldatasources", objectPath: "/api/v1/globaldatasources/a%20b",
			validate: "/api/validate/globaldatasources", proxy: "/proxy/globaldatasources/a%20b",
			wireKind: v1.KindGlobalDatasource, wire: func() any { return datasources.in("").wire(newDatasource("", "prom", "http://x")) },
			decode: func() (v1.Kind, string, string) {
				into, result := datasources.in("").decodeInto()
				decodeTestAnswer(t, `{"kind": "GlobalDatasource", "metadata": {"name": "prom"}, "spec": {"default": false, "plugin": {"kind": "PrometheusDatasource", "spec": {}}}}`, into)
				ds := result()
				return ds.Kind, ds.Metadata.Project, ds.Metadata.Name
			},
			wantKind: v1.KindGlobalDatasource, wantName: "prom",
		},
		{
			name: "project datasource", path: "/api/v1/projects/team%2F1/datasources", objectPath: "/api/v1/projects/team%2F1/datasources/a%20b",
			validate: "/api/validate/datasources", proxy: "/proxy/projects/team%2F1/datasources/a%20b",
			wireKind: v1.KindDatasource, wire: func() any { return datasources.in("team/1").wire(newDatasource("team/1", "prom", "http://x")) },
			decode: func() (v1.Kind, string, string) {
				into, result := datasources.in("team/1").decodeInto()
				decodeTestAnswer(t, `{"kind": "Datasource", "metadata": {"name": "prom", "project": "team/1"}, "spec": {"default": false, "plugin": {"kind": "PrometheusDatasource", "spec": {}}}}`, into)
				ds := result()
				return ds.Kind, ds.Metadata.Project, ds.Metadata.Name
			},
			wantKind: v1.KindDatasource, wantProject: "team/1", wantName: "prom", wantWireProject: "team/1",
		},
		{
			name: "global secret", path: "/api/v1/globalsecrets", objectPath: "/api/v1/globalsecrets/a%20b",
			wireKind: v1.KindGlobalSecret, wire: func() any { return secrets.in("").wire(newSecret("", "creds", "u", "p")) },
			decode: func() (v1.Kind, string, string) {
				into, result := secrets.in("").decodeInto()
				decodeTestAnswer(t, `{"kind": "GlobalSecret", "metadata": {"name": "creds"}, "spec": {"basicAuth": {"username": "u", "password": "<secret>"}}}`, into)
				s := result()
				return s.Kind, s.Metadata.Project, s.Metadata.Name
			},
			wantKind: v1.KindGlobalSecret, wantName: "creds",
		},
		{
			name: "project secret", path: "/api/v1/projects/team%2F1/secrets", objectPath: "/api/v1/projects/team%2F1/secrets/a%20b",
			wireKind: v1.KindSecret, wire: func() any { return secrets.in("team/1").wire(newSecret("team/1", "creds", "u", "p")) },
			decode: func() (v1.Kind, string, string) {
				into, result := secrets.in("team/1").decodeInto()
				decodeTestAnswer(t, `{"kind": "Secret", "metadata": {"name": "creds", "project": "team/1"}, "spec": {"basicAuth": {"username": "u", "password": "<secret>"}}}`, into)
				s := result()
				return s.Kind, s.Metadata.Project, s.Metadata.Name
			},
			wantKind: v1.KindSecret, wantProject: "team/1", wantName: "creds", wantWireProject: "team/1",
		},
	}
	scopes := map[string]interface {
		path(...string) string
		validatePath() string
		proxyPath(string) string
	}{
		"global datasource": datasources.in(""), "project datasource": datasources.in("team/1"),
		"global secret": secrets.in(""), "project secret": secrets.in("team/1"),
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := scopes[tt.name]
			if got := s.path(); got != tt.path {
				t.Errorf("path() = %s, want %s", got, tt.path)
			}
			if got := s.path("a b"); got != tt.objectPath {
				t.Errorf("path(name) = %s, want %s", got, tt.objectPath)
			}
			// Perses validates and proxies datasources only.
			if got := s.validatePath(); tt.validate != "" && got != tt.validate {
				t.Errorf("validatePath() = %s, want %s", got, tt.validate)
			}
			if got := s.proxyPath("a b"); tt.proxy != "" && got != tt.proxy {
				t.Errorf("proxyPath(name) = %s, want %s", got, tt.proxy)
			}

			data, err := json.Marshal(tt.wire())
			if err != nil {
				t.Fatal(err)
			}
			var wire struct {
				Kind     v1.Kind        `json:"kind"`
				Metadata map[string]any `json:"metadata"`
			}
			if err := json.Unmarshal(data, &wire); err != nil {
				t.Fatal(err)
			}
			project, hasProject := wire.Metadata["project"]
			if wire.Kind != tt.wireKind || hasProject != (tt.wantWireProject != "") || (hasProject && project != tt.wantWireProject) {
				t.Errorf("wire = %s, want kind %s and project %q", data, tt.wireKind, tt.wantWireProject)
			}

			kind, gotProject, name := tt.decode()
			if kind != tt.wantKind || gotProject != tt.wantProject || name != tt.wantName {
				t.Errorf("decoded kind %s, project %q, name %q; want %s, %q, %q", kind, gotProject, name, tt.wantKind, tt.wantProject, tt.wantName)
			}
		})
	}
}

// A global list answer becomes project-typed objects with an empty project; a project one is
// decoded as it is.
func TestScopedListDecodesEachScope(t *testing.T) {
	into, result := datasources.in("").listInto()
	decodeTestAnswer(t, `[{"kind": "GlobalDatasource", "metadata": {"name": "a"}, "spec": {"default": true, "plugin": {"kind": "K", "spec": {}}}}]`, into)
	if list := result(); len(list) != 1 || list[0].Kind != v1.KindGlobalDatasource || list[0].Metadata.Project != "" ||
		list[0].Metadata.Name != "a" || !list[0].Spec.Default {
		t.Errorf("global list = %+v", list)
	}
	into, result = datasources.in("team").listInto()
	decodeTestAnswer(t, `[{"kind": "Datasource", "metadata": {"name": "b", "project": "team"}, "spec": {"default": false, "plugin": {"kind": "K", "spec": {}}}}]`, into)
	if list := result(); len(list) != 1 || list[0].Kind != v1.KindDatasource || list[0].Metadata.Project != "team" {
		t.Errorf("project list = %+v", list)
	}
	into, secretsOf := secrets.in("").listInto()
	decodeTestAnswer(t, `[]`, into)
	if list := secretsOf(); list == nil || len(list) != 0 {
		t.Errorf("empty global list = %#v, want an empty non-nil list", list)
	}
}

// Names and projects that cannot be put in a URL path are refused in both scopes, before any
// request.
func TestScopedChecksNamesOfEachScope(t *testing.T) {
	for _, tt := range []struct {
		project, name, want string
	}{
		{"", "", "the datasource name is required"},
		{"", "..", `the datasource name ".." cannot be used in a URL`},
		{"team", "", "the datasource name is required"},
		{".", "prom", `the project name "." cannot be used in a URL`},
		{"", "prom", ""},
		{"team", "prom", ""},
	} {
		err := datasources.in(tt.project).check(tt.name)
		if (err == nil && tt.want != "") || (err != nil && err.Error() != tt.want) {
			t.Errorf("check(%q, %q) = %v, want %q", tt.project, tt.name, err, tt.want)
		}
	}
	if _, _, err := secrets.of(nil); err == nil || err.Error() != "nil secret" {
		t.Errorf("of(nil) = %v", err)
	}
}

func decodeTestAnswer(t *testing.T, answer string, into any) {
	t.Helper()
	if err := json.Unmarshal([]byte(answer), into); err != nil {
		t.Fatalf("decoding %s: %v", answer, err)
	}
}
