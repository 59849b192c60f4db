package provider

import (
	"net"
	"testing"
	"time"
)

func TestExampleBackendsRewritePointsEveryURLAtLoopback(t *testing.T) {
	b := &exampleBackends{
		prometheus: "http://127.0.0.1:9090",
		clickhouse: "http://127.0.0.1:8123",
		unserved: map[string]*contactCounter{
			"loki.checkout.svc:3100": {address: "127.0.0.1:3100"},
			"jaeger.example.com":     {address: "127.0.0.1:16686"},
		},
	}
	example := `
proxy = { url = "https://prometheus.example.com/prefix" }
proxy = { url = "http://prometheus.monitoring.svc:9090" }
proxy = { url = "http://clickhouse.monitoring.svc:8123/?query=1" }
proxy = { url = "https://loki.checkout.svc:3100", secret = "x" }
spec_json = jsonencode({ directUrl = "https://jaeger.example.com" })
proxy = { url = "http://127.0.0.1:1234/api" }
`
	want := `
proxy = { url = "http://127.0.0.1:9090/prefix" }
proxy = { url = "http://127.0.0.1:9090" }
proxy = { url = "http://127.0.0.1:8123/?query=1" }
proxy = { url = "https://127.0.0.1:3100", secret = "x" }
spec_json = jsonencode({ directUrl = "https://127.0.0.1:16686" })
proxy = { url = "http://127.0.0.1:1234/api" }
`
	got, err := b.rewrite(example)
	if err != nil || got != want {
		t.Errorf("rewrite:\n%s\nerror %v, want:\n%s", got, err, want)
	}
}

func TestExampleBackendsRewriteFailsOnAHostLeftOutsideLoopback(t *testing.T) {
	b := &exampleBackends{unserved: map[string]*contactCounter{}}
	want := "the example still names https://tempo.example.com after its URLs were pointed at loopback"
	if _, err := b.rewrite(`direct_url = "https://tempo.example.com/x"`); err == nil || err.Error() != want {
		t.Errorf("rewrite: error %v, want %q", err, want)
	}
}

func TestContactCounterCountsConnections(t *testing.T) {
	c := listenForContacts(t)
	conn, err := net.Dial("tcp", c.address)
	if err != nil {
		t.Fatal(err)
	}
	_ = conn.Close()
	deadline := time.Now().Add(5 * time.Second)
	for c.connections.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := c.connections.Load(); n != 1 {
		t.Errorf("%d connections counted, want 1", n)
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "127.1.2.3": true, "::1": true, "localhost": true,
		"prometheus.monitoring.svc": false, "10.0.0.1": false, "0.0.0.0": false, "": false,
	} {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}
