package retry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatus(t *testing.T) {
	retried := map[int]bool{429: true, 500: true, 502: true, 503: true, 504: true}
	for code := 100; code < 600; code++ {
		assert.Equal(t, retried[code], Status(code), "status %d", code)
	}
}

// timeoutError is a net.Error that timed out, as a dial or read deadline gives.
type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

// refusedDial dials a port nobody listens on and returns the real error.
func refusedDial(t *testing.T) error {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	conn, err := net.Dial("tcp", addr)
	if conn != nil {
		_ = conn.Close()
	}
	require.Error(t, err)
	return err
}

func TestNetwork(t *testing.T) {
	urlErr := func(err error) error {
		return &url.Error{Op: "Get", URL: "https://api.test/v2/reports/company", Err: err}
	}
	opErr := func(err error) error {
		return &net.OpError{Op: "read", Net: "tcp", Err: &os.SyscallError{Syscall: "read", Err: err}}
	}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"EOF", urlErr(io.EOF), true},
		{"body cut off", fmt.Errorf("reading the 200 answer: %w", io.ErrUnexpectedEOF), true},
		{"refused, real dial", urlErr(refusedDial(t)), true},
		{"refused", urlErr(opErr(syscall.ECONNREFUSED)), true},
		{"reset", urlErr(opErr(syscall.ECONNRESET)), true},
		{"broken pipe", opErr(syscall.EPIPE), true},
		{"closed", urlErr(net.ErrClosed), true},
		{"timeout", urlErr(timeoutError{}), true},
		{"other op error", &net.OpError{Op: "dial", Err: errors.New("no route")}, true},
		{"no such host", urlErr(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "api.helpscout.test", IsNotFound: true}}), false},
		{"DNS server failing", urlErr(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "server misbehaving", Name: "api.helpscout.net", IsTemporary: true}}), true},
		{"DNS timeout", urlErr(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "i/o timeout", Name: "api.helpscout.net", IsTimeout: true}}), true},
		{"canceled", urlErr(context.Canceled), false},
		{"the attempt's own timeout", urlErr(context.DeadlineExceeded), true},
		{"canceled read", opErr(context.Canceled), false},
		{"refused redirect", urlErr(errors.New("refused redirect to another host")), false},
		{"plain", errors.New("decoding the answer: invalid character"), false},
	}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Network(context.Background(), tt.err), "%v", tt.err)
			assert.False(t, Network(done, tt.err), "the caller gave up: %v", tt.err)
		})
	}
}

func TestBackoffGrowsWithinBounds(t *testing.T) {
	const base, max = 100 * time.Millisecond, 3 * time.Second
	for attempt := range 12 {
		full := min(base<<attempt, max)
		for range 200 {
			d := Backoff(attempt, base, max)
			require.GreaterOrEqual(t, d, full/2, "attempt %d", attempt)
			require.LessOrEqual(t, d, full, "attempt %d", attempt)
		}
	}
}

func TestBackoffJitters(t *testing.T) {
	seen := map[time.Duration]bool{}
	for range 50 {
		seen[Backoff(3, time.Second, time.Minute)] = true
	}
	assert.Greater(t, len(seen), 1, "clients that failed together must not retry together")
}

func TestBackoffEdges(t *testing.T) {
	tests := []struct {
		name          string
		attempt       int
		base, max     time.Duration
		lowest, upper time.Duration
	}{
		{"no base", 5, 0, time.Second, 0, 0},
		{"base above max", 0, time.Minute, time.Second, time.Second / 2, time.Second},
		{"huge attempt", 1 << 20, time.Millisecond, time.Second, time.Second / 2, time.Second},
		{"max near overflow", 2, 1 << 61, math.MaxInt64, math.MaxInt64 / 2, math.MaxInt64},
		{"doubling past max overflows", 70, time.Second, math.MaxInt64, math.MaxInt64 / 2, math.MaxInt64},
		{"negative attempt", -1, time.Second, time.Minute, time.Second / 2, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Backoff(tt.attempt, tt.base, tt.max)
			assert.GreaterOrEqual(t, d, tt.lowest)
			assert.LessOrEqual(t, d, tt.upper)
		})
	}
}

func TestParse(t *testing.T) {
	now := time.Date(2026, 11, 26, 15, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"30", 30 * time.Second, true},
		{" 7 ", 7 * time.Second, true},
		{"0", 0, true},
		{"1.5", 1500 * time.Millisecond, true},
		{"-0", 0, true},
		{"+Inf", maxSeconds * time.Second, true}, // capped, not overflowed
		{"1e400", 0, false},                      // out of float64's range
		{"99999999999999999999", maxSeconds * time.Second, true},
		{now.Add(45 * time.Second).Format(http.TimeFormat), 45 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},  // in the past
		{"Thursday, 26-Nov-26 15:05:05 GMT", time.Minute, true}, // RFC 850
		{"Thu Nov 26 15:04:15 2026", 10 * time.Second, true},    // ANSI C
		{"Fri, 31 Dec 9999 23:59:59 GMT", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Sub(now), true},
		{"", 0, false},
		{"   ", 0, false},
		{"-1", 0, false},
		{"NaN", 0, false},
		{"soon", 0, false},
		{"30s", 0, false},
		{"2026-11-26T15:05:05Z", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := Parse(tt.in, now)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestAfter(t *testing.T) {
	now := time.Date(2026, 11, 26, 15, 4, 5, 0, time.UTC)
	tests := []struct {
		name   string
		header http.Header
		want   time.Duration
		ok     bool
	}{
		{"none", http.Header{}, 0, false},
		{"rate-limit header", http.Header{HeaderRateRetryAfter: {"12"}}, 12 * time.Second, true},
		{"Retry-After seconds", http.Header{HeaderRetryAfter: {"9"}}, 9 * time.Second, true},
		{"Retry-After date", http.Header{HeaderRetryAfter: {now.Add(time.Minute).Format(http.TimeFormat)}}, time.Minute, true},
		{"rate-limit header first", http.Header{HeaderRateRetryAfter: {"3"}, HeaderRetryAfter: {"60"}}, 3 * time.Second, true},
		{"falls back when unusable", http.Header{HeaderRateRetryAfter: {"later"}, HeaderRetryAfter: {"60"}}, time.Minute, true},
		{"both unusable", http.Header{HeaderRateRetryAfter: {"-5"}, HeaderRetryAfter: {"later"}}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := After(tt.header, now)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestHeaderNamesCanonical checks that the constants are what net/http makes
// of the API's spelling, since After and the client index headers directly.
func TestHeaderNamesCanonical(t *testing.T) {
	for api, ours := range map[string]string{
		"Retry-After":                  HeaderRetryAfter,
		"X-RateLimit-Retry-After":      HeaderRateRetryAfter,
		"X-RateLimit-Limit-Minute":     HeaderRateLimit,
		"X-RateLimit-Remaining-Minute": HeaderRateRemaining,
	} {
		assert.Equal(t, http.CanonicalHeaderKey(api), ours)
	}
}
