// Package retry holds the SDK's retry policy: which answers are retried, how
// long to back off, and how the API's Retry-After headers are read.
package retry

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Header names as Go canonicalises them, so that lookups need no work.
const (
	HeaderRetryAfter     = "Retry-After"
	HeaderRateRetryAfter = "X-Ratelimit-Retry-After"
	HeaderRateLimit      = "X-Ratelimit-Limit-Minute"
	HeaderRateRemaining  = "X-Ratelimit-Remaining-Minute"
)

// Status reports whether an answer with this status code is worth another
// try: 429 and the transient 5xx codes.
func Status(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// Network reports whether err, from sending a GET or reading its body, is
// worth another try: a transient network failure (refused, reset, EOF, a
// body cut off, a timeout), including an attempt that outlived the HTTP
// client's own Timeout. Nothing is, once ctx (the caller's) is done: then the
// caller has given up, whatever the error says. A host name that does not
// exist is not worth another try either: no retry makes it resolve (a DNS
// server that failed for a while is, and is retried).
func Network(ctx context.Context, err error) bool {
	if err == nil || ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return false
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return true // not the caller's deadline: the attempt's own timeout
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe)
}

// Backoff is the wait before retry number attempt (0 for the first retry):
// base·2^attempt, capped at max, with full jitter in its upper half so that
// clients that failed together do not retry together.
func Backoff(attempt int, base, max time.Duration) time.Duration {
	if base <= 0 {
		return 0
	}
	d := min(base, max)
	for i := 0; i < attempt && d < max; i++ {
		if d > max/2 { // doubling would pass max, or overflow
			d = max
			break
		}
		d *= 2
	}
	half := d / 2
	return half + rand.N(half+1)
}

// After reads how long the server asked to wait: X-RateLimit-Retry-After
// (seconds) first, then Retry-After (seconds or an HTTP date, relative to
// now). It reports false when neither header holds a usable value.
func After(h http.Header, now time.Time) (time.Duration, bool) {
	if v := h[HeaderRateRetryAfter]; len(v) > 0 {
		if d, ok := Parse(v[0], now); ok {
			return d, true
		}
	}
	if v := h[HeaderRetryAfter]; len(v) > 0 {
		return Parse(v[0], now)
	}
	return 0, false
}

// maxSeconds keeps a huge value from overflowing a time.Duration.
const maxSeconds = 1 << 31

// Parse reads a Retry-After value: whole (or decimal) seconds, or an HTTP
// date. A date in the past is a wait of zero. Anything else, negative numbers
// included, reports false.
func Parse(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 || secs != secs { // negative or NaN
			return 0, false
		}
		return time.Duration(min(secs, maxSeconds) * float64(time.Second)), true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}
