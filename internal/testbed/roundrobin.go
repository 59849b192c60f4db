package testbed

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
)

// RoundRobin is a load balancer on loopback in front of Perses replicas: each request goes to
// the next server in turn, as a round-robin ingress does. Served counts the requests per server,
// so a test can prove every replica answered.
type RoundRobin struct {
	// URL is the balancer's address, e.g. http://127.0.0.1:41234.
	URL string

	proxies []*httputil.ReverseProxy
	served  []atomic.Int64
	next    atomic.Uint64
	srv     *http.Server
	done    chan struct{}
	once    sync.Once
}

// StartRoundRobin listens on a free loopback port and spreads requests over servers.
func StartRoundRobin(servers ...*Server) (*RoundRobin, error) {
	if len(servers) == 0 {
		return nil, fmt.Errorf("testbed: a round-robin balancer needs at least one server")
	}
	rr := &RoundRobin{served: make([]atomic.Int64, len(servers)), done: make(chan struct{})}
	for _, s := range servers {
		target, err := url.Parse(s.URL)
		if err != nil {
			return nil, fmt.Errorf("testbed: %w", err)
		}
		rr.proxies = append(rr.proxies, httputil.NewSingleHostReverseProxy(target))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("testbed: %w", err)
	}
	rr.URL = "http://" + ln.Addr().String()
	rr.srv = &http.Server{Handler: http.HandlerFunc(rr.serve)}
	go func() {
		defer close(rr.done)
		_ = rr.srv.Serve(ln)
	}()
	return rr, nil
}

func (rr *RoundRobin) serve(w http.ResponseWriter, r *http.Request) {
	i := int((rr.next.Add(1) - 1) % uint64(len(rr.proxies)))
	rr.served[i].Add(1)
	rr.proxies[i].ServeHTTP(w, r)
}

// Served is how many requests the i-th server got through the balancer.
func (rr *RoundRobin) Served(i int) int64 { return rr.served[i].Load() }

// Stop closes the balancer (not the servers behind it).
func (rr *RoundRobin) Stop() {
	rr.once.Do(func() {
		_ = rr.srv.Close()
		<-rr.done
	})
}

// StartTestRoundRobin starts a balancer over servers for a test and stops it when the test ends.
func StartTestRoundRobin(t testing.TB, servers ...*Server) *RoundRobin {
	t.Helper()
	rr, err := StartRoundRobin(servers...)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("round-robin balancer at %s over %d Perses replicas", rr.URL, len(servers))
	t.Cleanup(rr.Stop)
	return rr
}
