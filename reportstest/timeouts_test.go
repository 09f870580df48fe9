package reportstest_test

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
)

// The read timeouts (issue 26, item 16): a slow or stalled client must not
// keep the fake's connections open. The tests set short timeouts and count
// the open connections (ConnState); they wait on the count, not on a clock.

// shortTimeouts close a stalled connection in a tenth of a second.
var shortTimeouts = reportstest.Timeouts{Header: 100 * time.Millisecond, Body: 100 * time.Millisecond, Idle: time.Minute}

// stall opens a connection and sends start, and no more.
func stall(t *testing.T, srv *reportstest.Server, start string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	_, err = io.WriteString(conn, start)
	require.NoError(t, err)
	return conn
}

// waitOpen waits until at most n connections are open, for 10 seconds at
// the most, and fails with the count it saw last.
func waitOpen(t *testing.T, srv *reportstest.Server, n int) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	bound := time.After(10 * time.Second)
	for srv.OpenConnections() > n {
		select {
		case <-tick.C:
		case <-bound:
			t.Fatalf("%d connections are still open, want at most %d", srv.OpenConnections(), n)
		}
	}
}

// TestSlowClientsDoNotPinConnections opens 300 connections that stop in
// the middle of their headers, 100 token requests that send one byte of
// their body, and 50 report requests that announce a body and send one
// byte: the server closes every one of them after its read timeouts, and
// serves a well-behaved client all along.
func TestSlowClientsDoNotPinConnections(t *testing.T) {
	srv, c := start(t, reportstest.WithTimeouts(shortTimeouts))
	slow := map[string]int{
		"GET /v2/reports/company HTTP/1.1\r\nHost: fake\r\nAuthorization: Bear":                                                           300,
		"POST /v2/oauth2/token HTTP/1.1\r\nHost: fake\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ng": 100,
		"GET /v2/reports/company HTTP/1.1\r\nHost: fake\r\nContent-Length: 10\r\n\r\nx":                                                   50,
	}
	type stalled struct {
		start string
		conn  net.Conn
	}
	var conns []stalled
	for start, n := range slow {
		for range n {
			conns = append(conns, stalled{start, stall(t, srv, start)})
		}
	}
	_, err := c.GetCompany(context.Background(), reports.CompanyParams{})
	require.NoError(t, err, "a client that sends its requests is served")

	require.Eventually(t, func() bool { return srv.Connections() >= 451 }, 10*time.Second, 5*time.Millisecond, "the server accepted them all")
	waitOpen(t, srv, 1) // only the SDK's kept-alive connection may stay

	// Each slow client finds its connection closed: after the answer of
	// what it did send, if any.
	var wg sync.WaitGroup
	answers := make([]string, len(conns))
	for i, s := range conns {
		wg.Go(func() {
			_ = s.conn.SetReadDeadline(time.Now().Add(10 * time.Second)) // the test's own bound
			b, err := io.ReadAll(s.conn)
			assert.NoError(t, err, "closed by the server, not timed out by the test")
			answers[i] = string(b)
		})
	}
	wg.Wait()
	for i, s := range conns {
		switch {
		case strings.HasPrefix(s.start, "POST"):
			assert.True(t, strings.HasPrefix(answers[i], "HTTP/1.1 400 "), "a token request whose body did not come: %q", answers[i])
			assert.Contains(t, answers[i], "invalid_request")
		case strings.Contains(s.start, "Content-Length"):
			assert.True(t, strings.HasPrefix(answers[i], "HTTP/1.1 401 "), "answered (no token), then closed: %q", answers[i])
		default:
			assert.NotContains(t, answers[i], "200 OK", "headers that did not come are not answered")
		}
	}
}

// TestReadTimeoutsSpareSlowAnswers checks that the read timeouts bound
// reading only: an answer delayed by latency past them is still sent, a
// token request that sends its body at once is answered, and a kept-alive
// connection is closed after the idle timeout, which the SDK's next call
// takes in its stride.
func TestReadTimeoutsSpareSlowAnswers(t *testing.T) {
	srv, c := start(t, reportstest.WithTimeouts(reportstest.Timeouts{Header: 50 * time.Millisecond, Body: 50 * time.Millisecond, Idle: 50 * time.Millisecond}),
		reportstest.WithLatency(300*time.Millisecond))
	ctx := context.Background()
	_, err := c.Token(ctx)
	require.NoError(t, err, "a token request with its body")
	_, err = c.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err, "an answer later than every read timeout")
	_, err = c.ListTags(ctx, reports.ListTagsParams{})
	require.NoError(t, err)
	assert.Equal(t, 3, len(srv.Requests()))

	waitOpen(t, srv, 0) // idle connections are closed
	srv.SetLatency(0)
	_, err = c.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err, "the next call opens another")
	for _, r := range srv.Requests() {
		assert.Equal(t, 200, r.Status, r.Path)
	}
}

// TestDefaultTimeouts checks the defaults: what a zero Timeouts field
// keeps.
func TestDefaultTimeouts(t *testing.T) {
	assert.Equal(t, 10*time.Second, reportstest.DefaultHeaderTimeout)
	assert.Equal(t, 10*time.Second, reportstest.DefaultBodyTimeout)
	assert.Equal(t, 2*time.Minute, reportstest.DefaultIdleTimeout)
	// Only Header set: the body of a token request still comes in time.
	srv, c := start(t, reportstest.WithTimeouts(reportstest.Timeouts{Header: 100 * time.Millisecond}))
	_, err := c.Token(context.Background())
	require.NoError(t, err)
	stall(t, srv, "GET /v2/reports/company HTTP/1.1\r\n")
	require.Eventually(t, func() bool { return srv.Connections() == 2 && srv.OpenConnections() == 1 }, 10*time.Second, 5*time.Millisecond,
		"the stalled one is closed, the SDK's stays")
}
