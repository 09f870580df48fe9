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

// requestCounter is a transport wrapper that counts the requests it sees,
// by path, as hsreports' sync counts its calls.
type requestCounter struct {
	next http.RoundTripper
	mu   sync.Mutex
	seen map[string]int
}

func (rc *requestCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	rc.mu.Lock()
	if rc.seen == nil {
		rc.seen = map[string]int{}
	}
	rc.seen[r.URL.Path]++
	rc.mu.Unlock()
	return rc.next.RoundTrip(r)
}

func (rc *requestCounter) count(path string) int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.seen[path]
}

// counting returns a wrapper option that installs a requestCounter in *rc.
func counting(rc **requestCounter) Option {
	return WithTransportWrapper(func(next http.RoundTripper) http.RoundTripper {
		*rc = &requestCounter{next: next}
		return *rc
	})
}

// gatedHandler answers the company fixture once maxConns requests are in
// flight together (or a request has waited 100 ms: none may come), and
// records the most requests in flight at once: with the connection cap, it
// is maxConns, however many goroutines call.
type gatedHandler struct {
	body           []byte
	mu             sync.Mutex
	inFlight, most int
	full           chan struct{}
	once           sync.Once
}

func (g *gatedHandler) handle(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	g.inFlight++
	g.most = max(g.most, g.inFlight)
	if g.inFlight >= maxConns {
		g.once.Do(func() { close(g.full) })
	}
	g.mu.Unlock()
	select {
	case <-g.full:
	case <-time.After(100 * time.Millisecond):
	}
	g.mu.Lock()
	g.inFlight--
	g.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(g.body)
}

// TestTransportWrapperKeepsTheClientsLimits (issue 27 item 4): a wrapper
// sees every request the client makes, the token request included, while
// the client's own transport goes on underneath: with the default HTTP
// client, 64 goroutines never have more than its 16 connections open or
// requests in flight, and its per-attempt timeout stays; with WithHTTPClient,
// the given client's connection cap (counted at its dialer, as in
// TestConnectionReuse) and its Timeout (a stalled attempt is retried) hold.
func TestTransportWrapperKeepsTheClientsLimits(t *testing.T) {
	const calls = 64
	t.Run("the default client", func(t *testing.T) {
		g := &gatedHandler{body: fixture(t, "company.json"), full: make(chan struct{})}
		var rc *requestCounter
		s, c := newTestServer(t, g.handle, counting(&rc))
		errs := atOnce(calls, func() error { _, err := getCompany(c, t.Context()); return err })
		for _, err := range errs {
			require.NoError(t, err)
		}
		assert.Equal(t, calls, rc.count("/v2/reports/company"), "the wrapper saw every report request")
		assert.Equal(t, 1, rc.count("/v2/oauth2/token"), "and the token request")
		assert.Equal(t, maxConns, g.most, "at most the default client's 16 requests in flight")
		assert.LessOrEqual(t, s.conns.Load(), int32(2*maxConns), "connections reused, never one per call")
		assert.Equal(t, DefaultAttemptTimeout, c.hc.Timeout, "the per-attempt timeout")
	})
	t.Run("WithHTTPClient", func(t *testing.T) {
		g := &gatedHandler{body: fixture(t, "company.json"), full: make(chan struct{})}
		cc := &connCounter{}
		var rc *requestCounter
		s, c := newTestServer(t, g.handle, WithHTTPClient(countingClient(cc)), counting(&rc))
		errs := atOnce(calls, func() error { _, err := getCompany(c, t.Context()); return err })
		for _, err := range errs {
			require.NoError(t, err)
		}
		assert.Equal(t, calls, rc.count("/v2/reports/company"))
		checkReuse(t, s, cc, calls)
		assert.Equal(t, maxConns, g.most)
	})
	t.Run("WithHTTPClient's timeout", func(t *testing.T) {
		stall := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
		hc := noKeepAlives()
		hc.Timeout = 200 * time.Millisecond
		var rc *requestCounter
		s, c := newTestServer(t, faultsThen(serveFixture(t, "company.json"), stall), WithHTTPClient(hc), counting(&rc))
		res, err := getCompany(c, t.Context())
		require.NoError(t, err)
		assert.Equal(t, 28.0, res.Current.CustomersHelped)
		assert.Len(t, s.requests(), 2, "the stalled attempt timed out and was retried")
		assert.Equal(t, 2, rc.count("/v2/reports/company"), "the wrapper saw both attempts")
	})
}

// TestTransportWrappersCompose: wrappers apply in the order given, each
// around the one before, the last outermost; CloseIdleConnections still
// reaches the client's transport under a wrapper that does not pass it on;
// the caller's client is not changed.
func TestTransportWrappersCompose(t *testing.T) {
	var order []string
	wrap := func(name string) Option {
		return WithTransportWrapper(func(next http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				if r.URL.Path == "/v2/reports/company" {
					order = append(order, name)
				}
				return next.RoundTrip(r)
			})
		})
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	hc := &http.Client{Transport: tr}
	s, c := newTestServer(t, serveFixture(t, "company.json"), WithHTTPClient(hc), wrap("inner"), wrap("outer"))
	_, err := getCompany(c, t.Context())
	require.NoError(t, err)
	assert.Equal(t, []string{"outer", "inner"}, order, "the last given is outermost")
	assert.Same(t, tr, hc.Transport, "the caller's client keeps its transport")

	_, err = getCompany(c, t.Context())
	require.NoError(t, err)
	require.Equal(t, int32(1), s.conns.Load(), "one connection, reused")
	c.CloseIdleConnections()
	_, err = getCompany(c, t.Context())
	require.NoError(t, err)
	assert.Equal(t, int32(2), s.conns.Load(), "the idle one was closed under the wrappers")
}

// TestTransportWrapperRefusesNil: a nil wrapper, or one that gives a nil
// transport, is an error of New.
func TestTransportWrapperRefusesNil(t *testing.T) {
	_, err := New(testClientID, testClientSecret, WithTransportWrapper(nil))
	assert.ErrorContains(t, err, "WithTransportWrapper: nil wrapper")
	_, err = New(testClientID, testClientSecret, WithTransportWrapper(func(http.RoundTripper) http.RoundTripper { return nil }))
	assert.ErrorContains(t, err, "WithTransportWrapper: the wrapper gave a nil transport")
}
