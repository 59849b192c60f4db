package client

import (
	"net/http"
	"sync/atomic"
)

// Stats counts the HTTP requests a Client sent to Perses (every attempt, logins included), so
// that tests and benchmarks can prove how many requests an operation costs.
type Stats struct {
	Reads  int64 // GET
	Writes int64 // POST, PUT, PATCH, DELETE
}

// Total is the number of requests.
func (s Stats) Total() int64 { return s.Reads + s.Writes }

type requestStats struct{ reads, writes atomic.Int64 }

func (r *requestStats) count(method string) {
	if method == http.MethodGet || method == http.MethodHead {
		r.reads.Add(1)
		return
	}
	r.writes.Add(1)
}

// Stats returns the requests sent so far.
func (c *Client) Stats() Stats {
	return Stats{Reads: c.stats.reads.Load(), Writes: c.stats.writes.Load()}
}
