package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/perses/terraform-provider-perses/internal/client"
)

// fakeOldPerses is a fault-injection server for the version checks: /api/v1/health reports
// version (or answers healthStatus), /api/v1/plugins answers pluginsStatus. It counts the health reads.
type fakeOldPerses struct {
	version                     string
	healthStatus, pluginsStatus int
	healthReads                 atomic.Int32
}

func (f *fakeOldPerses) client(t *testing.T) *client.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/v1/health":
			f.healthReads.Add(1)
			if f.healthStatus != 0 {
				w.WriteHeader(f.healthStatus)
				_, _ = w.Write([]byte(`{"message":"internal server error"}`))
				return
			}
			_, _ = fmt.Fprintf(w, `{"buildTime":"","version":%q,"commit":"","database":true}`, f.version)
		case "/api/v1/plugins":
			if f.pluginsStatus != 0 {
				w.WriteHeader(f.pluginsStatus)
				_, _ = w.Write([]byte(`{"message":"Not Found"}`))
				return
			}
			_, _ = w.Write([]byte(`[]`))
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"message":"Not Found"}`))
		}
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{URL: srv.URL})
	if err != nil {
		t.Fatalf("client.New: %v", err)
	}
	return c
}

const wantUnsupportedDetail = "The Perses server at the provider url runs Perses 0.50.0 (GET /api/v1/health). This provider supports Perses 0.52.0 and later " +
	"(tested with every version from 0.52.0 to 0.54.0): Perses 0.51 cannot proxy a request to a datasource's root path " +
	"(ClickHouse queries, the probe and verify fail), and older servers have no plugin modules, no GET /api/v1/plugins, and store secrets " +
	"without oauth or tls_config.min_version/max_version, so the plan-time checks and the applies would fail or drift.\n\n" +
	"Upgrade the Perses server to 0.52.0 or later, or point url at a server that runs one."

func TestUnsupportedServerGetsOneErrorNamingTheVersionAndTheRange(t *testing.T) {
	fake := &fakeOldPerses{version: "0.50.0"}
	data := newProviderData(fake.client(t))
	ctx := context.Background()

	ok, diags := data.supportedServer(ctx, data.client)
	if ok || diags.ErrorsCount() != 1 || len(diags) != 1 {
		t.Fatalf("first check: ok %t, diags %v; want one error", ok, diags)
	}
	if got := diags[0].Summary(); got != "Perses Version Not Supported" {
		t.Errorf("summary %q", got)
	}
	if got := diags[0].Detail(); got != wantUnsupportedDetail {
		t.Errorf("detail:\n%s\nwant:\n%s", got, wantUnsupportedDetail)
	}
	// Every other resource of the plan stops its checks too, without repeating the error.
	for range 3 {
		ok, diags = data.supportedServer(ctx, data.client)
		if ok || len(diags) != 0 {
			t.Fatalf("later check: ok %t, diags %v; want false and no diagnostic", ok, diags)
		}
	}
	if n := fake.healthReads.Load(); n != 1 {
		t.Errorf("GET /api/v1/health read %d times, want once per provider process", n)
	}
}

func TestSupportedServersPassTheVersionCheck(t *testing.T) {
	for _, version := range []string{"0.52.0", "0.53.0", "0.54.0", "0.55.0", ""} {
		t.Run("version "+version, func(t *testing.T) {
			fake := &fakeOldPerses{version: version}
			data := newProviderData(fake.client(t))
			ok, diags := data.supportedServer(context.Background(), data.client)
			if !ok || len(diags) != 0 {
				t.Errorf("ok %t, diags %v; want true and no diagnostic", ok, diags)
			}
		})
	}
}

// An unreadable version stops nothing: the next check's request says why the server fails.
func TestUnreadableVersionLeavesTheOtherChecksToReport(t *testing.T) {
	fake := &fakeOldPerses{healthStatus: http.StatusInternalServerError}
	data := newProviderData(fake.client(t))
	ok, diags := data.supportedServer(context.Background(), data.client)
	if !ok || len(diags) != 0 {
		t.Errorf("ok %t, diags %v; want true and no diagnostic", ok, diags)
	}
}

func TestPluginsRouteMissingIsAWarningNotWrongAdvice(t *testing.T) {
	fake := &fakeOldPerses{version: "", pluginsStatus: http.StatusNotFound}
	r := &datasourceResource{scopedResource{scope: globalScope, data: newProviderData(fake.client(t))}}
	at := path.Root("prometheus")
	diags := r.checkPluginInstalled(context.Background(), r.data.client, "PrometheusDatasource", at)
	if len(diags) != 1 || diags.WarningsCount() != 1 {
		t.Fatalf("diags %v; want one warning", diags)
	}
	want := "The Perses server does not serve GET /api/v1/plugins (404), so the plan cannot list its plugins to check that PrometheusDatasource is installed. " +
		"Its dry-run validation still checks the datasource against the plugin's schema, and the other plan-time checks still run.\n\n" +
		"Nothing to do if the plan shows no other error. To have the check, run Perses 0.52.0 or later built with its version stamp."
	if diags[0].Summary() != "Datasource Plugin Check Skipped" || diags[0].Detail() != want {
		t.Errorf("got %q:\n%s\nwant:\n%s", diags[0].Summary(), diags[0].Detail(), want)
	}
}

// A data source cannot stop without a result: each one fails with the same error, and the
// resources' plan checks then stop without repeating it.
func TestUnsupportedServerFailsEveryDataSourceRead(t *testing.T) {
	fake := &fakeOldPerses{version: "0.50.0"}
	data := newProviderData(fake.client(t))
	ctx := context.Background()
	for range 2 {
		c, diags := data.requireSupportedClient(ctx)
		if c != nil || len(diags) != 1 || diags[0].Summary() != "Perses Version Not Supported" || diags[0].Detail() != wantUnsupportedDetail {
			t.Fatalf("client %v, diags %v; want no client and the unsupported-version error", c, diags)
		}
	}
	if ok, diags := data.supportedServer(ctx, data.client); ok || len(diags) != 0 {
		t.Errorf("plan check after the data sources: ok %t, diags %v; want false and no diagnostic", ok, diags)
	}
	if n := fake.healthReads.Load(); n != 1 {
		t.Errorf("GET /api/v1/health read %d times, want once per provider process", n)
	}
}

func TestSupportedServerGivesDataSourcesTheClient(t *testing.T) {
	fake := &fakeOldPerses{version: "0.52.0"}
	data := newProviderData(fake.client(t))
	if c, diags := data.requireSupportedClient(context.Background()); c == nil || len(diags) != 0 {
		t.Errorf("client %v, diags %v; want the client and no diagnostic", c, diags)
	}
}
