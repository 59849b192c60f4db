package client

import (
	"context"
	"crypto/tls"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	defaultRetryWaitMin = 500 * time.Millisecond
	defaultRetryWaitMax = 30 * time.Second
)

// retryableStatus: answers that say "try again later" rather than "no".
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryDecision tells whether err deserves another attempt of req and how long
// the server asked us to wait (0: use the backoff).
func retryDecision(req *request, err error) (bool, time.Duration) {
	var ae *authError
	if errors.As(err, &ae) {
		// Logins have already been retried on their own.
		return false, 0
	}
	var te *transportError
	if errors.As(err, &te) {
		if te.permanent {
			return false, 0
		}
		return te.notSent || req.resend, 0
	}
	var api *APIError
	if errors.As(err, &api) && retryableStatus(api.StatusCode) && req.resend {
		return true, api.retryAfter
	}
	if errors.As(err, &api) && api.StatusCode == http.StatusInternalServerError && req.method == http.MethodGet {
		// The same read race on a GET answers 500 ("unexpected error not handled" in the server
		// log): a read is safe to repeat, and a real server fault will answer 500 again.
		return true, 0
	}
	if errors.As(err, &api) && api.readRace() {
		// Refused before anything was written: safe to send again, POST included.
		return true, 0
	}
	return false, 0
}

// readRace is the 400 the file database gives when a request reads an object while another
// request rewrites it: Perses v0.54.0 checks a new default datasource against the others by
// reading their files, and one being written at that moment is empty. Seen when two datasources
// of a kind are updated at once (moving the default flag). It says nothing about the request.
func (e *APIError) readRace() bool {
	return e.StatusCode == http.StatusBadRequest && strings.HasSuffix(strings.TrimSpace(e.Message), "unexpected end of JSON input")
}

// ambiguous: the request may or may not have been processed by Perses.
func ambiguous(err error) bool {
	var te *transportError
	if errors.As(err, &te) {
		return !te.notSent && !te.permanent
	}
	var api *APIError
	return errors.As(err, &api) && retryableStatus(api.StatusCode)
}

// classifyTransport tells apart failures that happened before anything was
// sent (safe to resend even a POST) and those that cannot be cured by retrying.
func classifyTransport(err error) (notSent, permanent bool) {
	var recordHeader tls.RecordHeaderError
	if handshakeFailure(err) != nil || remoteAlert(err) != "" || errors.As(err, &recordHeader) {
		return true, true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true, false
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true, false
	}
	return false, false
}

// backoff is exponential with jitter (half fixed, half random, so that
// parallel Terraform operations do not retry in lockstep). A Retry-After from
// the server replaces it, capped by RetryWaitMax.
func (c *Client) backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, c.waitMax)
	}
	d := c.waitMin
	for i := 1; i < attempt && d < c.waitMax; i++ {
		d *= 2
	}
	d = min(d, c.waitMax)
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// parseRetryAfter reads delay-seconds or an HTTP-date; 0 when absent or unusable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
