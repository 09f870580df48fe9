package reports

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// callConcurrently makes calls calls of GetCompany from workers goroutines,
// call i filtered on tag i, and returns the errors.
func callConcurrently(c *Client, workers, calls int) []error {
	return concurrently(workers, calls, func(i int) error {
		p := CompanyParams{Filters: Filters{Tags: []int64{int64(i)}}}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := c.GetCompany(ctx, p)
		return err
	})
}

// connCounter counts the connections a client dials: in all, open, the
// most open at once, and closed.
type connCounter struct {
	mu                         sync.Mutex
	opened, open, peak, closed int
}

// countingClient is the default HTTP client with a dialer that counts its
// connections in cc.
func countingClient(cc *connCounter) *http.Client {
	tr := defaultHTTPClient.Transport.(*http.Transport).Clone()
	var d net.Dialer
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		cc.mu.Lock()
		cc.opened++
		cc.open++
		cc.peak = max(cc.peak, cc.open)
		cc.mu.Unlock()
		return &countedConn{Conn: conn, cc: cc}, nil
	}
	return &http.Client{Transport: tr, Timeout: defaultHTTPClient.Timeout}
}

type countedConn struct {
	net.Conn
	cc   *connCounter
	once sync.Once
}

func (c *countedConn) Close() error {
	c.once.Do(func() {
		c.cc.mu.Lock()
		c.cc.open--
		c.cc.closed++
		c.cc.mu.Unlock()
	})
	return c.Conn.Close()
}

// checkReuse checks that the connections were reused: never more open at
// once than the default client's maxConns, and not many more opened in all.
// net/http closes a connection rather than reuse it when its writer
// goroutine has not confirmed the request 50 ms after the answer came
// (maxWriteWaitBeforeConnReuse), which a busy machine sometimes makes
// happen: so a few more than maxConns may be opened, never one per call.
func checkReuse(t *testing.T, s *testServer, cc *connCounter, calls int) {
	t.Helper()
	cc.mu.Lock()
	defer cc.mu.Unlock()
	assert.LessOrEqual(t, cc.peak, maxConns, "at most maxConns open at once")
	assert.Equal(t, int32(cc.opened), s.conns.Load(), "the server saw the connections the client dialed")
	assert.LessOrEqual(t, cc.opened, 2*maxConns, "%d calls must reuse connections (%d closed)", calls, cc.closed)
	if cc.closed == 0 {
		assert.LessOrEqual(t, cc.opened, maxConns, "none closed: every connection reused")
	}
}

func TestConnectionReuse(t *testing.T) {
	cc := &connCounter{}
	s, c := newTestServer(t, serveFixture(t, "company.json"), WithHTTPClient(countingClient(cc)))
	errs := callConcurrently(c, 16, 1000)

	require.Empty(t, errs)
	assert.Len(t, s.requests(), 1000)
	checkReuse(t, s, cc, 1000)
	assert.Equal(t, int32(1), s.tokenCalls.Load(), "one token for all calls")
}

// TestConnectionReuseOnErrorsAndRetries checks that bodies of failed and
// retried answers are drained and closed, so their connections are reused.
func TestConnectionReuseOnErrorsAndRetries(t *testing.T) {
	var seen sync.Map
	body := fixture(t, "company.json")
	cc := &connCounter{}
	s, c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		tag, _ := strconv.Atoi(r.URL.Query().Get("tags"))
		_, again := seen.LoadOrStore(tag, true)
		switch {
		case tag%3 == 1 && !again: // retried: a 503 with a body, once per call
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"logRef":"abc","message":"Service unavailable, try again"}`))
		case tag%3 == 2: // not retried: a 404 with a plain body
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte("Unknown URL"))
		default:
			_, _ = w.Write(body)
		}
	}, WithHTTPClient(countingClient(cc)))

	errs := callConcurrently(c, 16, 300)

	assert.Len(t, errs, 100, "every third call answers 404")
	for _, err := range errs {
		require.ErrorIs(t, err, ErrNotFound)
	}
	assert.Len(t, s.requests(), 400, "300 calls, 100 of them retried once")
	checkReuse(t, s, cc, 300) // error and retry bodies must be drained so connections are reused
	assert.Equal(t, int32(1), s.tokenCalls.Load())
}

// TestCloseIdleConnections: the client's idle connections are closed; the
// next call opens a new one. The server counts the connections it accepted.
func TestCloseIdleConnections(t *testing.T) {
	s, c := newTestServer(t, serveFixture(t, "company.json"), WithHTTPClient(&http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}))
	for range 3 {
		_, err := getCompany(c, t.Context())
		require.NoError(t, err)
	}
	require.Equal(t, int32(1), s.conns.Load(), "one connection, reused")

	c.CloseIdleConnections()
	_, err := getCompany(c, t.Context())

	require.NoError(t, err)
	assert.Equal(t, int32(2), s.conns.Load(), "the idle one was closed: a new one")
}
