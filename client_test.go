package reports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	pathpkg "path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests of the request path (get, do, try): what is retried and how often,
// how long it waits, pacing, rate-limit state and redirects. Faults are
// injected by real httptest handlers; tests that need a clock run in a
// synctest bubble on an in-process transport (see inProcess).

// ---- fault injection ------------------------------------------------------

// noKeepAlives returns an HTTP client that opens a connection per request.
// net/http replays on its own a GET whose reused connection failed; with
// fresh connections it never does, so the server sees exactly the attempts
// the SDK makes.
func noKeepAlives() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DisableKeepAlives = true
	return &http.Client{Transport: t}
}

// faultsThen answers the nth report request with faults[n] and every later one
// with then.
func faultsThen(then http.HandlerFunc, faults ...http.HandlerFunc) http.HandlerFunc {
	var n atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if i := int(n.Add(1)) - 1; i < len(faults) {
			faults[i](w, r)
			return
		}
		then(w, r)
	}
}

// injected answers status with the API's error body and the header pairs kv.
// The message counts the answers, so a test can tell which one it got.
func injected(status int, kv ...string) http.HandlerFunc {
	var n atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(kv); i += 2 {
			w.Header().Set(kv[i], kv[i+1])
		}
		w.Header().Set("Content-Type", "application/vnd.error+json")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `{"logRef":"ref-%d","message":"injected #%d"}`, status, n.Add(1))
	}
}

// hijackConn takes the connection over after the request was read, lets write do
// what it likes with it, and closes it.
func hijackConn(t testing.TB, write func(c *net.TCPConn)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		write(conn.(*net.TCPConn))
		_ = conn.Close()
	}
}

// hangUp closes the connection without an answer: the client reads EOF.
func hangUp(t testing.TB) http.HandlerFunc { return hijackConn(t, func(*net.TCPConn) {}) }

// resetConn closes the connection with a TCP RST: connection reset by peer.
func resetConn(t testing.TB) http.HandlerFunc {
	return hijackConn(t, func(c *net.TCPConn) { _ = c.SetLinger(0) })
}

// cutBody sends the headers of a 200 with a Content-Length larger than the
// part of the body it sends before closing.
func cutBody(t testing.TB) http.HandlerFunc {
	return hijackConn(t, func(c *net.TCPConn) {
		_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"+`{"current":{"customersHelped":`)
	})
}

// refusingDialer dials a port nobody listens on while refuse is positive
// (counting it down), and the real address otherwise.
type refusingDialer struct {
	closed  string // a loopback address with no listener
	refuse  atomic.Int32
	refused atomic.Int32
}

func newRefusingDialer(t *testing.T) *refusingDialer {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	d := &refusingDialer{closed: l.Addr().String()}
	require.NoError(t, l.Close())
	return d
}

func (d *refusingDialer) client() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DisableKeepAlives = true
	var dialer net.Dialer
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if d.refuse.Add(-1) >= 0 {
			d.refused.Add(1)
			addr = d.closed
		}
		return dialer.DialContext(ctx, network, addr)
	}
	return &http.Client{Transport: t}
}

// ---- in-process transport for synctest ------------------------------------

// handlerTransport serves each request with an http.Handler in the calling
// goroutine, with no network, so that it works inside a synctest bubble. The
// handler writes real headers and bodies and the client gets a real
// *http.Response; redirects, the token request and the report requests go
// through the client's http.Client as usual.
type handlerTransport struct {
	h http.Handler

	mu   sync.Mutex
	urls []string // every request URL, in order
}

// seen returns the URLs requested so far.
func (tr *handlerTransport) seen() []string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return append([]string(nil), tr.urls...)
}

func (tr *handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	tr.mu.Lock()
	tr.urls = append(tr.urls, req.URL.String())
	tr.mu.Unlock()
	sr := req.Clone(req.Context())
	sr.RequestURI = req.URL.RequestURI()
	sr.RemoteAddr = "192.0.2.1:1234"
	if sr.Body == nil {
		sr.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	tr.h.ServeHTTP(rec, sr)
	if req.Body != nil {
		_ = req.Body.Close()
	}
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// inProcess returns a client of s's API (token endpoint, bearer check and
// request log included) that reaches its handler in process. Make s outside
// the bubble and call inProcess inside it.
func inProcess(t *testing.T, s *testServer, opts ...Option) (*Client, *handlerTransport) {
	t.Helper()
	tr := &handlerTransport{h: s.Config.Handler}
	base := []Option{
		WithBaseURL(s.URL), WithClock(func() time.Time { return testNow }),
		WithRetryBackoff(time.Millisecond, 5*time.Millisecond), WithHTTPClient(&http.Client{Transport: tr}),
	}
	c, err := New(testClientID, testClientSecret, append(base, opts...)...)
	require.NoError(t, err)
	return c, tr
}

// stamps records when each report request arrived, on the bubble's clock.
type stamps struct {
	mu    sync.Mutex
	start time.Time
	at    []time.Duration
}

func (s *stamps) wrap(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.at = append(s.at, time.Since(s.start))
		s.mu.Unlock()
		h(w, r)
	}
}

func (s *stamps) times() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.at...)
}

// gaps returns the waits between consecutive requests.
func (s *stamps) gaps() []time.Duration {
	at := s.times()
	var g []time.Duration
	for i := 1; i < len(at); i++ {
		g = append(g, at[i]-at[i-1])
	}
	return g
}

// getCompany calls GetCompany with the default params.
func getCompany(c *Client, ctx context.Context) (*CompanyResult, error) {
	return c.GetCompany(ctx, CompanyParams{})
}

// ---- what is retried -------------------------------------------------------

// faultCase is a failure the API or the network can produce, and how the
// SDK reports it when it persists.
type faultCase struct {
	name  string
	fault func(t *testing.T) http.HandlerFunc
	check func(t *testing.T, err error) // the error of a call that gave up
}

func statusFault(status int, kv ...string) faultCase {
	return faultCase{
		name:  strconv.Itoa(status),
		fault: func(*testing.T) http.HandlerFunc { return injected(status, kv...) },
		check: func(t *testing.T, err error) {
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, status, apiErr.StatusCode)
		},
	}
}

func networkFault(name string, fault func(testing.TB) http.HandlerFunc, cause error) faultCase {
	return faultCase{
		name:  name,
		fault: func(t *testing.T) http.HandlerFunc { return fault(t) },
		check: func(t *testing.T, err error) {
			assert.ErrorIs(t, err, cause)
			assert.Contains(t, err.Error(), "/v2/reports/company")
		},
	}
}

var retriedFaults = []faultCase{
	statusFault(http.StatusTooManyRequests), // no Retry-After: backoff
	statusFault(http.StatusInternalServerError),
	statusFault(http.StatusBadGateway),
	statusFault(http.StatusServiceUnavailable),
	statusFault(http.StatusGatewayTimeout),
	networkFault("EOF", hangUp, io.EOF),
	networkFault("reset", resetConn, syscall.ECONNRESET),
	networkFault("body cut off", cutBody, io.ErrUnexpectedEOF),
}

func TestRetriedFaultsThenSuccess(t *testing.T) {
	for _, tc := range retriedFaults {
		t.Run(tc.name, func(t *testing.T) {
			h := faultsThen(serveFixture(t, "company.json"), tc.fault(t), tc.fault(t))
			s, c := newTestServer(t, h, WithHTTPClient(noKeepAlives()))

			res, err := getCompany(c, t.Context())

			require.NoError(t, err)
			assert.Equal(t, 28.0, res.Current.CustomersHelped, "the answer of the third request is decoded")
			assert.Len(t, s.requests(), 3, "two failures retried, then success")
			assert.Equal(t, int32(1), s.tokenCalls.Load())
		})
	}
}

func TestConnectionRefusedIsRetried(t *testing.T) {
	d := newRefusingDialer(t)
	s, c := newTestServer(t, serveFixture(t, "company.json"), WithHTTPClient(d.client()))
	_, err := c.Token(t.Context())
	require.NoError(t, err)

	d.refuse.Store(2)
	res, err := getCompany(c, t.Context())

	require.NoError(t, err)
	assert.Equal(t, 28.0, res.Current.CustomersHelped)
	assert.Equal(t, int32(2), d.refused.Load(), "two refused dials")
	assert.Len(t, s.requests(), 1, "the third attempt reached the server")

	d.refuse.Store(100)
	_, err = getCompany(c, t.Context())
	assert.ErrorIs(t, err, syscall.ECONNREFUSED)
	assert.Equal(t, int32(2+DefaultMaxRetries+1), d.refused.Load(), "a refusing server is tried 1+DefaultMaxRetries times")
}

func TestPersistentFaultsGiveUpWithTheLastError(t *testing.T) {
	for _, tc := range retriedFaults {
		for _, n := range []int{0, 2} {
			t.Run(fmt.Sprintf("%s/max %d", tc.name, n), func(t *testing.T) {
				s, c := newTestServer(t, tc.fault(t), WithHTTPClient(noKeepAlives()), WithMaxRetries(n))

				_, err := getCompany(c, t.Context())

				require.Error(t, err)
				tc.check(t, err)
				assert.Len(t, s.requests(), n+1)
			})
		}
	}
}

func TestMaxRetriesBoundsAttempts(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		want int // requests
	}{
		{"default", nil, DefaultMaxRetries + 1},
		{"0 disables retries", []Option{WithMaxRetries(0)}, 1},
		{"1", []Option{WithMaxRetries(1)}, 2},
		{"5", []Option{WithMaxRetries(5)}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := newTestServer(t, injected(http.StatusServiceUnavailable), tt.opts...)

			_, err := getCompany(c, t.Context())

			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
			assert.Equal(t, fmt.Sprintf("injected #%d", tt.want), apiErr.Message, "the last answer's error")
			assert.Equal(t, "ref-503", apiErr.LogRef)
			assert.Len(t, s.requests(), tt.want)
		})
	}
}

func TestNotRetried(t *testing.T) {
	tests := []struct {
		name     string
		h        http.HandlerFunc
		sentinel error // nil: no sentinel
	}{
		{"400", injected(http.StatusBadRequest), nil},
		{"403", injected(http.StatusForbidden), ErrForbidden},
		{"404", injected(http.StatusNotFound), ErrNotFound},
		{"405", injected(http.StatusMethodNotAllowed), nil},
		{"501", injected(http.StatusNotImplemented), nil},
		{"undecodable 200", func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, `{"current": [`) }, nil},
		{"wrong shape 200", func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, `{"current": 7}`) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := newTestServer(t, tt.h, WithMaxRetries(5))

			_, err := getCompany(c, t.Context())

			require.Error(t, err)
			if tt.sentinel != nil {
				assert.ErrorIs(t, err, tt.sentinel)
			}
			assert.Len(t, s.requests(), 1, "exactly one request")
		})
	}
}

func TestInvalidParamsSendNothing(t *testing.T) {
	s, c := newTestServer(t, serveFixture(t, "company.json"))
	_, err := c.GetCompany(t.Context(), CompanyParams{Dates: Dates{End: testNow}})
	require.ErrorIs(t, err, ErrInvalidParams)
	assert.Empty(t, s.requests())
	assert.Zero(t, s.tokenCalls.Load(), "not even a token")
}

// ---- how long it waits (synctest) ----------------------------------------

func TestRetryAfterIsHonoured(t *testing.T) {
	tests := []struct {
		name   string
		header func(now time.Time) []string
		want   time.Duration
	}{
		{"X-RateLimit-Retry-After", func(time.Time) []string { return []string{"X-RateLimit-Retry-After", "30"} }, 30 * time.Second},
		{"Retry-After seconds", func(time.Time) []string { return []string{"Retry-After", "20"} }, 20 * time.Second},
		{"Retry-After HTTP date", func(now time.Time) []string {
			return []string{"Retry-After", now.Add(45 * time.Second).UTC().Format(http.TimeFormat)}
		}, 45 * time.Second},
		{"X-RateLimit-Retry-After first", func(time.Time) []string {
			return []string{"X-RateLimit-Retry-After", "7", "Retry-After", "60"}
		}, 7 * time.Second},
		{"unusable X-RateLimit-Retry-After falls back", func(time.Time) []string {
			return []string{"X-RateLimit-Retry-After", "soon", "Retry-After", "12"}
		}, 12 * time.Second},
		{"capped", func(time.Time) []string { return []string{"X-RateLimit-Retry-After", "86400"} }, DefaultMaxRetryWait},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &stamps{}
			ok := serveFixture(t, "company.json")
			limited := func(w http.ResponseWriter, r *http.Request) {
				// The bubble starts on a whole second, so an HTTP date is exact.
				injected(http.StatusTooManyRequests, tt.header(time.Now())...)(w, r)
			}
			s, _ := newTestServer(t, st.wrap(faultsThen(ok, limited)))
			synctest.Test(t, func(t *testing.T) {
				st.start = time.Now()
				c, _ := inProcess(t, s)

				res, err := getCompany(c, t.Context())

				require.NoError(t, err)
				assert.Equal(t, 28.0, res.Current.CustomersHelped)
				assert.Equal(t, []time.Duration{0, tt.want}, st.times(), "retried exactly when the header said")
				assert.Equal(t, tt.want, time.Since(st.start))
			})
		})
	}
}

// TestRetryAfterOn503: a 503 that says when to come back is retried then,
// not after the backoff.
func TestRetryAfterOn503(t *testing.T) {
	st := &stamps{}
	s, _ := newTestServer(t, st.wrap(faultsThen(serveFixture(t, "company.json"),
		injected(http.StatusServiceUnavailable, "Retry-After", "9"))))
	synctest.Test(t, func(t *testing.T) {
		st.start = time.Now()
		c, _ := inProcess(t, s)

		res, err := getCompany(c, t.Context())

		require.NoError(t, err)
		assert.Equal(t, 28.0, res.Current.CustomersHelped)
		assert.Equal(t, []time.Duration{0, 9 * time.Second}, st.times())
	})
}

// TestAttemptTimeoutIsRetried: an attempt that outlives the HTTP client's
// Timeout (a stalled server) is retried while the caller's context runs.
func TestAttemptTimeoutIsRetried(t *testing.T) {
	stall := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	hc := noKeepAlives()
	hc.Timeout = 200 * time.Millisecond
	s, c := newTestServer(t, faultsThen(serveFixture(t, "company.json"), stall), WithHTTPClient(hc))

	res, err := getCompany(c, t.Context())

	require.NoError(t, err)
	assert.Equal(t, 28.0, res.Current.CustomersHelped)
	assert.Len(t, s.requests(), 2, "the stalled attempt, then the retry")
}

// TestCallerDeadlineIsNotRetried: when the caller's own deadline ends an
// attempt, the call fails at once with it.
func TestCallerDeadlineIsNotRetried(t *testing.T) {
	stall := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	s, c := newTestServer(t, stall, WithHTTPClient(noKeepAlives()))
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()

	_, err := getCompany(c, ctx)

	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Len(t, s.requests(), 1)
}

func TestRetryAfterOnTheFinalError(t *testing.T) {
	s, c := newTestServer(t, injected(http.StatusTooManyRequests, "X-RateLimit-Retry-After", "30",
		"X-RateLimit-Limit-Minute", "400", "X-RateLimit-Remaining-Minute", "0"), WithMaxRetries(0))

	_, err := getCompany(c, t.Context())

	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Equal(t, 30*time.Second, apiErr.RetryAfter)
	assert.Len(t, s.requests(), 1)
}

func TestBackoffGrows(t *testing.T) {
	for _, status := range []int{http.StatusServiceUnavailable, http.StatusTooManyRequests} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			st := &stamps{}
			s, _ := newTestServer(t, st.wrap(injected(status)))
			synctest.Test(t, func(t *testing.T) {
				st.start = time.Now()
				c, _ := inProcess(t, s, WithMaxRetries(6), WithRetryBackoff(time.Second, 10*time.Second))

				_, err := getCompany(c, t.Context())

				require.Error(t, err)
				gaps := st.gaps()
				require.Len(t, gaps, 6)
				for i, g := range gaps {
					full := min(time.Second<<i, 10*time.Second)
					assert.GreaterOrEqual(t, g, full/2, "wait %d", i)
					assert.LessOrEqual(t, g, full, "wait %d", i)
					if i > 0 && full < 10*time.Second {
						assert.Greater(t, g, gaps[0], "wait %d grows", i)
					}
				}
			})
		})
	}
}

func TestTotalWaitIsBounded(t *testing.T) {
	st := &stamps{}
	s, _ := newTestServer(t, st.wrap(injected(http.StatusTooManyRequests, "X-RateLimit-Retry-After", "100000")))
	synctest.Test(t, func(t *testing.T) {
		st.start = time.Now()
		c, _ := inProcess(t, s)

		_, err := getCompany(c, t.Context())

		require.ErrorIs(t, err, ErrRateLimited)
		assert.Len(t, st.times(), DefaultMaxRetries+1)
		assert.Equal(t, DefaultMaxRetries*DefaultMaxRetryWait, time.Since(st.start), "each wait capped")
	})
}

func TestCancelDuringRetryWait(t *testing.T) {
	st := &stamps{}
	s, _ := newTestServer(t, st.wrap(injected(http.StatusTooManyRequests, "X-RateLimit-Retry-After", "30")))
	synctest.Test(t, func(t *testing.T) {
		st.start = time.Now()
		c, _ := inProcess(t, s)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		time.AfterFunc(10*time.Second, cancel)

		_, err := getCompany(c, ctx)

		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorIs(t, err, ErrRateLimited, "the error also says what it was waiting for")
		assert.Equal(t, 10*time.Second, time.Since(st.start), "returns as soon as the context is done")
		assert.Len(t, st.times(), 1)
	})
}

func TestDeadlineShorterThanTheWait(t *testing.T) {
	tests := []struct {
		name    string
		h       http.HandlerFunc
		opts    []Option
		timeout time.Duration
		status  int
	}{
		{"Retry-After", injected(http.StatusTooManyRequests, "X-RateLimit-Retry-After", "30"), nil, 5 * time.Second, 429},
		{"backoff", injected(http.StatusBadGateway), []Option{WithRetryBackoff(20*time.Second, time.Minute)}, 5 * time.Second, 502},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &stamps{}
			s, _ := newTestServer(t, st.wrap(tt.h))
			synctest.Test(t, func(t *testing.T) {
				st.start = time.Now()
				c, _ := inProcess(t, s, tt.opts...)
				ctx, cancel := context.WithTimeout(t.Context(), tt.timeout)
				defer cancel()

				_, err := getCompany(c, ctx)

				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr, "the last error, not the context's")
				assert.Equal(t, tt.status, apiErr.StatusCode)
				assert.Zero(t, time.Since(st.start), "a wait that would outlive the deadline is not started")
				assert.Len(t, st.times(), 1)
			})
		})
	}
}

func TestDeadlineBoundsTheWholeCall(t *testing.T) {
	st := &stamps{}
	s, _ := newTestServer(t, st.wrap(injected(http.StatusTooManyRequests, "X-RateLimit-Retry-After", "15")))
	synctest.Test(t, func(t *testing.T) {
		st.start = time.Now()
		c, _ := inProcess(t, s, WithMaxRetries(10))
		ctx, cancel := context.WithTimeout(t.Context(), 40*time.Second)
		defer cancel()

		_, err := getCompany(c, ctx)

		require.ErrorIs(t, err, ErrRateLimited)
		assert.Equal(t, []time.Duration{0, 15 * time.Second, 30 * time.Second}, st.times(),
			"at 30 s only 10 s are left: the third wait is not started")
		assert.Equal(t, 30*time.Second, time.Since(st.start))
	})
}

func TestCanceledBeforeTheCall(t *testing.T) {
	s, c := newTestServer(t, serveFixture(t, "company.json"))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := getCompany(c, ctx)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, s.requests())
}

// ---- pacing and rate-limit state ------------------------------------------

func TestRateLimitReportsTheLastHeaders(t *testing.T) {
	var remaining atomic.Int32
	remaining.Store(400)
	ok := serveFixture(t, "company.json")
	s, c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit-Minute", "400")
		left := remaining.Add(-1)
		w.Header().Set("X-RateLimit-Remaining-Minute", strconv.Itoa(int(left)))
		if r.URL.Query().Get("tags") == "429" {
			injected(http.StatusTooManyRequests, "X-RateLimit-Retry-After", "10")(w, r)
			return
		}
		ok(w, r)
	}, WithMaxRetries(0))
	assert.Zero(t, c.RateLimit(), "nothing seen yet")

	before := time.Now()
	_, err := getCompany(c, t.Context())
	require.NoError(t, err)
	rl := c.RateLimit()
	assert.Equal(t, 400, rl.Limit)
	assert.Equal(t, 399, rl.Remaining)
	assert.Zero(t, rl.RetryAfter)
	assert.False(t, rl.Updated.Before(before))

	_, err = c.GetCompany(t.Context(), CompanyParams{Filters: Filters{Tags: []int64{429}}})
	require.ErrorIs(t, err, ErrRateLimited)
	rl = c.RateLimit()
	assert.Equal(t, RateLimit{Limit: 400, Remaining: 398, RetryAfter: 10 * time.Second, Updated: rl.Updated}, rl)
	assert.Len(t, s.requests(), 2)
}

func TestRateLimitPausesOtherGoroutines(t *testing.T) {
	st := &stamps{}
	limited := injected(http.StatusTooManyRequests, "X-RateLimit-Retry-After", "30")
	s, _ := newTestServer(t, st.wrap(faultsThen(serveFixture(t, "company.json"), limited)))
	synctest.Test(t, func(t *testing.T) {
		st.start = time.Now()
		c, _ := inProcess(t, s)
		var wg sync.WaitGroup
		wg.Go(func() {
			_, err := getCompany(c, t.Context()) // answered 429
			assert.NoError(t, err)
		})
		synctest.Wait()
		time.Sleep(time.Second)
		for range 5 {
			wg.Go(func() {
				_, err := getCompany(c, t.Context())
				assert.NoError(t, err)
			})
		}
		wg.Wait()
		at := st.times()
		require.Len(t, at, 7)
		for _, a := range at[1:] {
			assert.Equal(t, 30*time.Second, a, "nobody calls before the 429's wait is over")
		}
	})
}

func TestPacingBeyondTheDeadlineFailsAtOnce(t *testing.T) {
	s, _ := newTestServer(t, serveFixture(t, "company.json"))
	synctest.Test(t, func(t *testing.T) {
		c, _ := inProcess(t, s, WithRateLimit(1)) // one call a minute
		_, err := getCompany(c, t.Context())
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		start := time.Now()

		_, err = getCompany(c, ctx)

		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Zero(t, time.Since(start), "no point waiting for a slot after the deadline")
		assert.Len(t, s.requests(), 1)
	})
}

// TestPacingStaysSmoothAfterA429 records the timeline of 40 calls from 10
// goroutines through WithRateLimit(60), one of them answered 429 with
// X-RateLimit-Retry-After: 1. After the pause the call it turned away goes
// first, within one pacing interval of the server's wait, and the others
// follow at the paced rate: no request closer than one interval to the one
// before, and no stall. (Before, the retry queued behind every waiter's
// slot: nothing for about 10 s, then 10 requests at once.)
func TestPacingStaysSmoothAfterA429(t *testing.T) {
	type hit struct {
		at  time.Duration
		tag string
	}
	var (
		mu    sync.Mutex
		hits  []hit
		start time.Time
	)
	ok := serveFixture(t, "company.json")
	limited := injected(http.StatusTooManyRequests, "X-RateLimit-Retry-After", "1")
	s, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits = append(hits, hit{time.Since(start), r.URL.Query().Get("tags")})
		n := len(hits)
		mu.Unlock()
		if n == 15 {
			limited(w, r)
			return
		}
		ok(w, r)
	})
	synctest.Test(t, func(t *testing.T) {
		start = time.Now()
		c, _ := inProcess(t, s, WithRateLimit(60))

		errs := concurrently(10, 40, func(i int) error {
			_, err := c.GetCompany(t.Context(), CompanyParams{Filters: Filters{Tags: []int64{int64(i)}}})
			return err
		})

		require.Empty(t, errs)
		require.Len(t, hits, 41, "40 calls and one retry")
		interval := time.Minute * 100 / (97 * 60) // WithRateLimit paces at 97%
		limitedAt := hits[14].at
		assert.Equal(t, hits[14].tag, hits[15].tag, "the call the 429 turned away goes first")
		assert.GreaterOrEqual(t, hits[15].at, limitedAt+time.Second, "not before the server's wait is over")
		assert.LessOrEqual(t, hits[15].at, limitedAt+time.Second+interval, "within one pacing interval of it")
		for i := 1; i < len(hits); i++ {
			gap := hits[i].at - hits[i-1].at
			assert.GreaterOrEqual(t, gap, interval-time.Millisecond, "request %d came %v after the one before", i, gap)
			assert.LessOrEqual(t, gap, time.Second+interval, "request %d came %v after the one before", i, gap)
		}
	})
}

// burstCalls makes calls calls of GetCompany from 20 goroutines and returns the
// errors.
func burstCalls(t *testing.T, c *Client, calls int) []error {
	return concurrently(20, calls, func(int) error {
		_, err := getCompany(c, t.Context())
		return err
	})
}

func TestBurstThroughTheLimiterMeetsNo429(t *testing.T) {
	ws := &fixedWindow{limit: 60, body: fixture(t, "company.json")}
	s, _ := newTestServer(t, ws.handle)
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		c, _ := inProcess(t, s, WithRateLimit(60), WithMaxRetries(0))

		errs := burstCalls(t, c, 300)

		assert.Empty(t, errs, "no call fails, although none may be retried")
		served, limited, _ := ws.totals()
		assert.Zero(t, limited, "the server answered no 429")
		assert.Equal(t, 300, served)
		// The limiter uses the budget: 300 calls at 97% of 60 a minute.
		assert.LessOrEqual(t, time.Since(start), 300*time.Minute/(60*97/100))
	})
}

func TestBurstWithASharedBudget(t *testing.T) {
	// Other users of the account take 40 of the 60 calls of every window:
	// the limiter alone would overrun it; the remaining-budget gate and the
	// pause after a 429 keep it to one 429 a window, and the retries deliver
	// every call.
	ws := &fixedWindow{limit: 60, others: 40, body: fixture(t, "company.json")}
	s, _ := newTestServer(t, ws.handle)
	synctest.Test(t, func(t *testing.T) {
		c, _ := inProcess(t, s, WithRateLimit(60))

		errs := burstCalls(t, c, 100)

		assert.Empty(t, errs)
		served, _, worst := ws.totals()
		assert.Equal(t, 100, served)
		assert.LessOrEqual(t, worst, 1, "at most one 429 a window: nobody sends into a pause")
	})
}

// ---- redirects --------------------------------------------------------------

func TestCrossHostRedirectRefused(t *testing.T) {
	var otherHits atomic.Int32
	var leaked atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		leaked.Store(r.Header.Get("Authorization"))
	}))
	t.Cleanup(other.Close)

	for _, target := range []string{other.URL, "{self-by-name}"} {
		t.Run(target, func(t *testing.T) {
			otherHits.Store(0)
			var s *testServer
			s, c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				to := target
				if to == "{self-by-name}" { // the same server, reached as localhost
					to = strings.Replace(s.URL, "127.0.0.1", "localhost", 1)
				}
				http.Redirect(w, r, to+"/v2/reports/company", http.StatusFound)
			})

			_, err := getCompany(c, t.Context())

			require.Error(t, err)
			assert.Contains(t, err.Error(), "refused redirect")
			assert.Zero(t, otherHits.Load(), "the other host got no request")
			assert.Nil(t, leaked.Load())
			assert.Len(t, s.requests(), 1, "not retried, not followed")
		})
	}
}

func TestRedirectToPlainHTTPRefused(t *testing.T) {
	s, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://api.helpscout.test/v2/reports/company?downgraded=1", http.StatusMovedPermanently)
	})
	c, tr := inProcess(t, s, WithBaseURL("https://api.helpscout.test"))

	_, err := getCompany(c, t.Context())

	require.Error(t, err)
	assert.Contains(t, err.Error(), "refused redirect")
	var plain []string
	for _, u := range tr.seen() {
		if strings.HasPrefix(u, "http://") {
			plain = append(plain, u)
		}
	}
	assert.Empty(t, plain, "the bearer token must not travel unencrypted")
	assert.Len(t, s.requests(), 1)
}

func TestSameHostRedirectFollowed(t *testing.T) {
	ok := serveFixture(t, "company.json")
	s, c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/reports/company" {
			http.Redirect(w, r, "/v2/reports/company/moved?"+r.URL.RawQuery, http.StatusTemporaryRedirect)
			return
		}
		ok(w, r)
	})

	res, err := getCompany(c, t.Context())

	require.NoError(t, err)
	assert.Equal(t, 28.0, res.Current.CustomersHelped)
	reqs := s.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "/v2/reports/company/moved", reqs[1].Path)
	assert.Equal(t, "Bearer "+testToken, reqs[1].Header.Get("Authorization"), "the token follows to the same host")
	assert.Equal(t, reqs[0].Raw, reqs[1].Raw)
}

// ---- options -----------------------------------------------------------------

func TestResilienceOptionsRefuseBadValues(t *testing.T) {
	for name, opt := range map[string]Option{
		"negative retries":    WithMaxRetries(-1),
		"negative base":       WithRetryBackoff(-time.Second, time.Second),
		"max below base":      WithRetryBackoff(time.Second, time.Millisecond),
		"negative rate limit": WithRateLimit(-1),
		"prefetch 0":          WithPrefetch(0),
		"nil option":          nil,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := New(testClientID, testClientSecret, opt)
			assert.Error(t, err)
		})
	}
	_, err := New(testClientID, testClientSecret, WithMaxRetries(0), WithRetryBackoff(0, 0), WithRateLimit(0), WithPrefetch(1))
	assert.NoError(t, err, "zero values switch things off")
}

// TestBackoffIsNotCappedByTheServerWaitCap: the 2-minute cap is for the
// waits a server asks for; a backoff the caller configured longer is kept.
func TestBackoffIsNotCappedByTheServerWaitCap(t *testing.T) {
	st := &stamps{}
	s, _ := newTestServer(t, st.wrap(faultsThen(serveFixture(t, "company.json"), injected(http.StatusInternalServerError))))
	synctest.Test(t, func(t *testing.T) {
		st.start = time.Now()
		c, _ := inProcess(t, s, WithRetryBackoff(5*time.Minute, 10*time.Minute))

		_, err := getCompany(c, t.Context())

		require.NoError(t, err)
		gaps := st.gaps()
		require.Len(t, gaps, 1)
		assert.GreaterOrEqual(t, gaps[0], 150*time.Second, "base 5m with jitter in its upper half")
		assert.LessOrEqual(t, gaps[0], 5*time.Minute)
	})
}

// ---- the escape hatch: Client.Get ---------------------------------------------

func TestGetCallsAnyReportPath(t *testing.T) {
	s, c := newTestServer(t, faultsThen(serveFixture(t, "happiness_ratings.json"), injected(http.StatusBadGateway)),
		WithUserAgent("probe/1"))

	var raw json.RawMessage
	err := c.Get(t.Context(), "/v2/reports/user/ratings", url.Values{
		"user": {"447723"}, "start": {"2026-11-01T00:00:00Z"}, "end": {"2026-11-08T00:00:00Z"},
		"sortFieldRatings": {"rating"}, "mailboxes": {"1,2"},
	}, &raw)

	require.NoError(t, err)
	assert.JSONEq(t, string(fixture(t, "happiness_ratings.json")), string(raw), "the answer as it came")
	reqs := s.requests()
	require.Len(t, reqs, 2, "a 502, retried like any call")
	r := reqs[1]
	assert.Equal(t, "/v2/reports/user/ratings", r.Path)
	assert.Equal(t, url.Values{"user": {"447723"}, "start": {"2026-11-01T00:00:00Z"}, "end": {"2026-11-08T00:00:00Z"},
		"sortFieldRatings": {"rating"}, "mailboxes": {"1,2"}}, r.Query)
	assert.Equal(t, "Bearer "+testToken, r.Header.Get("Authorization"))
	assert.Contains(t, r.Header.Get("User-Agent"), "probe/1")

	var typed RatingsResult
	require.NoError(t, c.Get(t.Context(), "/v2/reports/happiness/ratings", nil, &typed))
	assert.Equal(t, 2, typed.Pages)
	assert.Empty(t, s.requests()[2].Raw, "no query: none sent")
	require.NoError(t, c.Get(t.Context(), "/v2/reports/happiness/ratings", nil, nil), "nil discards the answer")
}

func TestGetErrors(t *testing.T) {
	s, c := newTestServer(t, injected(http.StatusNotFound))
	err := c.Get(t.Context(), "/v2/reports/not-yet", url.Values{"a": {"b"}}, nil)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.EqualError(t, err, "reports: GET /v2/reports/not-yet: 404 Not Found: injected #1 (logRef ref-404)")
	require.Len(t, s.requests(), 1)

	var v struct{ Current int }
	s2, c2 := newTestServer(t, serveFixture(t, "company.json"))
	err = c2.Get(t.Context(), "/v2/reports/company", nil, &v)
	assert.ErrorContains(t, err, "reports: GET /v2/reports/company: decoding the answer:")
	assert.Len(t, s2.requests(), 1)
}

// TestGetRefusesAnythingButAPath: Get takes a path under the API root, never
// a URL, so that the bearer token cannot be sent to another host.
func TestGetRefusesAnythingButAPath(t *testing.T) {
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { otherHits.Add(1) }))
	t.Cleanup(other.Close)
	s, c := newTestServer(t, serveFixture(t, "company.json"))
	host := strings.TrimPrefix(other.URL, "http://")
	for _, path := range []string{
		other.URL + "/v2/reports/company",
		"//" + host + "/v2/reports/company",
		"///" + host + "/v2/reports/company",
		"v2/reports/company",
		"",
		"/v2/reports/../../admin",
		"/v2/reports/./company",
		"/v2//reports/company",
		"/v2/reports/company?start=x",
		"/v2/reports/company#frag",
		"/v2/reports/company?",
		`/v2\reports`,
		"/v2/reports/%zz",
		"http:/v2/reports/company",
	} {
		t.Run(path, func(t *testing.T) {
			err := c.Get(t.Context(), path, nil, nil)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "reports: GET "+path+": "), "the one form, the path unquoted: %q", err)
			assert.Contains(t, err.Error(), "want an absolute path under the API root")
		})
	}
	assert.Empty(t, s.requests(), "nothing sent")
	assert.Zero(t, s.tokenCalls.Load(), "not even a token")
	assert.Zero(t, otherHits.Load())
}

// ---- a context that ends with a cause --------------------------------------

// TestCancelWithACause: a context ended with a cause (context.WithCancelCause,
// WithTimeoutCause, signal.NotifyContext) fails the call with an error that
// matches the context's error and wraps the cause, under this call's path:
// in flight, or waiting for a token.
func TestCancelWithACause(t *testing.T) {
	boom := errors.New("boom")
	blockToken := make(chan struct{})
	tokenURL, _ := tokenEndpoint(t, func(w http.ResponseWriter, r *http.Request) { <-blockToken })
	t.Cleanup(func() { close(blockToken) })
	hang := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	tests := []struct {
		name     string
		h        http.HandlerFunc
		opts     []Option
		deadline bool // end with WithTimeoutCause rather than a cancel
		want     string
	}{
		{name: "in flight", h: hang, want: "reports: GET /v2/reports/happiness: context canceled: boom"},
		{name: "in flight, deadline", h: hang, deadline: true, want: "reports: GET /v2/reports/happiness: context deadline exceeded: boom"},
		{name: "waiting for a token", h: serveFixture(t, "happiness.json"), opts: []Option{WithTokenURL(tokenURL)},
			want: "reports: GET /v2/reports/happiness: context canceled: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := newTestServer(t, tt.h, tt.opts...)
			ctx, cancel := context.WithCancelCause(t.Context())
			defer cancel(nil)
			if tt.deadline {
				var stop context.CancelFunc
				ctx, stop = context.WithTimeoutCause(ctx, 50*time.Millisecond, boom)
				defer stop()
			} else {
				time.AfterFunc(50*time.Millisecond, func() { cancel(boom) })
			}

			_, err := c.GetHappiness(ctx, HappinessParams{})

			if tt.deadline {
				assert.ErrorIs(t, err, context.DeadlineExceeded)
			} else {
				assert.ErrorIs(t, err, context.Canceled)
			}
			assert.ErrorIs(t, err, boom, "the cause is reachable")
			assert.EqualError(t, err, tt.want)
			if tt.opts != nil {
				assert.Empty(t, s.requests())
			}
		})
	}
}

// TestCancelWithACauseWhileWaiting: the same when the call waits to retry or
// for a pacing slot; waiting to retry, the last answer is kept too.
func TestCancelWithACauseWhileWaiting(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name  string
		h     http.HandlerFunc
		opts  []Option
		first bool // make one call first, to spend the pacing slot
		want  string
	}{
		{name: "to retry", h: injected(http.StatusServiceUnavailable, "Retry-After", "30"),
			want: "reports: GET /v2/reports/happiness: context canceled: boom while waiting to retry after: 503 Service Unavailable: injected #1 (logRef ref-503)"},
		{name: "for a pacing slot", h: serveFixture(t, "happiness.json"), opts: []Option{WithRateLimit(1)}, first: true,
			want: "reports: GET /v2/reports/happiness: context canceled: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTestServer(t, tt.h)
			synctest.Test(t, func(t *testing.T) {
				c, _ := inProcess(t, s, tt.opts...)
				if tt.first {
					_, err := c.GetHappiness(t.Context(), HappinessParams{})
					require.NoError(t, err)
				}
				ctx, cancel := context.WithCancelCause(t.Context())
				defer cancel(nil)
				time.AfterFunc(10*time.Second, func() { cancel(boom) })
				start := time.Now()

				_, err := c.GetHappiness(ctx, HappinessParams{})

				assert.ErrorIs(t, err, context.Canceled)
				assert.ErrorIs(t, err, boom, "the cause is reachable")
				assert.EqualError(t, err, tt.want)
				assert.Equal(t, 10*time.Second, time.Since(start), "returns when the context ends")
			})
		})
	}
}

// TestCancelCauseIsAnotherCallsError: the errgroup pattern. Two calls share
// a context that the first failure cancels with that failure as the cause;
// the other call's error wraps it, under its own path, and never returns it
// as its own nor writes to it (the first call's error says 2 attempts and
// keeps saying so). Run under -race.
func TestCancelCauseIsAnotherCallsError(t *testing.T) {
	for round := range 5 { // the race showed in 13 runs of 20
		t.Run(strconv.Itoa(round), func(t *testing.T) {
			arrived := make(chan struct{})
			var once sync.Once
			fail := injected(http.StatusInternalServerError)
			_, c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/v2/reports/happiness" {
					once.Do(func() { close(arrived) })
					<-r.Context().Done()
					return
				}
				<-arrived
				fail(w, r)
			}, WithMaxRetries(1))

			// errgroup.WithContext, written out: the first error cancels
			// the others with itself as the cause.
			ctx, cancel := context.WithCancelCause(t.Context())
			defer cancel(nil)
			var wg sync.WaitGroup
			var prodErr, happyErr error
			wg.Go(func() {
				if _, prodErr = c.GetProductivity(ctx, ProductivityParams{}); prodErr != nil {
					cancel(prodErr)
				}
			})
			wg.Go(func() {
				if _, happyErr = c.GetHappiness(ctx, HappinessParams{}); happyErr != nil {
					cancel(happyErr)
				}
			})
			wg.Wait()

			var first *APIError
			require.ErrorAs(t, prodErr, &first)
			assert.Equal(t, 2, first.Attempts, "not written to by the other call")
			assert.Equal(t, "reports: GET /v2/reports/productivity: 500 Internal Server Error after 2 attempts: injected #2 (logRef ref-500)", first.Error())
			assert.NotEqual(t, error(first), happyErr, "another call's error is not returned as this one's")
			assert.ErrorIs(t, happyErr, context.Canceled)
			assert.ErrorIs(t, happyErr, prodErr, "the cause is reachable")
			var cause *APIError
			require.ErrorAs(t, happyErr, &cause)
			assert.Same(t, first, cause)
			assert.Equal(t, "reports: GET /v2/reports/happiness: context canceled: "+first.Error(), happyErr.Error())
		})
	}
}

// TestPacerKeepsTheLastAnswer: a call answered 503 whose context ends while
// the retry waits for a pacing slot fails with the context's error and the
// 503, its message and Correlation-Id, as when it ends during the backoff.
func TestPacerKeepsTheLastAnswer(t *testing.T) {
	unavailable := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Correlation-Id", "corr-503")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, `{"message":"try later"}`)
	}
	tests := []struct {
		name   string
		end    func(ctx context.Context) (context.Context, context.CancelFunc)
		target error
		want   string
	}{
		{"deadline", func(ctx context.Context) (context.Context, context.CancelFunc) {
			return context.WithTimeout(ctx, 500*time.Millisecond)
		}, context.DeadlineExceeded, `^reports: GET /v2/reports/company: context deadline exceeded: the next slot of the rate limit is \S+ away ` +
			`while waiting to retry after: 503 Service Unavailable: try later \(Correlation-Id corr-503\)$`},
		{"canceled", func(ctx context.Context) (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(ctx)
			time.AfterFunc(500*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled, `^reports: GET /v2/reports/company: context canceled ` +
			`while waiting to retry after: 503 Service Unavailable: try later \(Correlation-Id corr-503\)$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTestServer(t, unavailable)
			synctest.Test(t, func(t *testing.T) {
				c, _ := inProcess(t, s, WithRateLimit(60))
				ctx, cancel := tt.end(t.Context())
				defer cancel()

				_, err := getCompany(c, ctx)

				assert.ErrorIs(t, err, tt.target)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr, "the last answer is kept")
				assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
				assert.Equal(t, "try later", apiErr.Message)
				assert.Equal(t, "corr-503", apiErr.CorrelationID)
				assert.Equal(t, 1, apiErr.Attempts)
				assert.Regexp(t, tt.want, err.Error())
				assert.Len(t, s.requests(), 1)
			})
		})
	}
}

// ---- issue 22: lines no test noticed ----------------------------------------

// TestAnswerLargerThanTheCap: a report answer is read up to maxBody, 32 MiB;
// one byte more fails with an error that names the cap, not as JSON cut off.
func TestAnswerLargerThanTheCap(t *testing.T) {
	require.Equal(t, 33554432, maxBody, "the cap is 32 MiB")
	for _, size := range []int{maxBody, maxBody + 1} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			body := []byte(`{"current":{"customersHelped":28}}`)
			body = append(body, make([]byte, size-len(body))...)
			for i := len(`{"current":{"customersHelped":28}}`); i < len(body); i++ {
				body[i] = ' '
			}
			_, c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write(body)
			})

			res, err := getCompany(c, t.Context())

			if size == maxBody {
				require.NoError(t, err, "an answer of exactly the cap is read")
				assert.Equal(t, 28.0, res.Current.CustomersHelped)
				return
			}
			assert.EqualError(t, err, "reports: GET /v2/reports/company: the answer is larger than 33554432 bytes")
		})
	}
}

// TestA429PausesOthersOnItsLastAttempt: a 429 with a wait holds back every
// other call of the client even when the call it answered does not retry
// (WithMaxRetries(0), or its last attempt): the budget is spent for all.
func TestA429PausesOthersOnItsLastAttempt(t *testing.T) {
	limited := injected(http.StatusTooManyRequests, "X-RateLimit-Retry-After", "30")
	tests := []struct {
		name    string
		retries int
		faults  []http.HandlerFunc
		want    []time.Duration // when the server saw each request
	}{
		{"no retries", 0, []http.HandlerFunc{limited}, []time.Duration{0, 30 * time.Second}},
		{"last attempt", 1, []http.HandlerFunc{limited, limited}, []time.Duration{0, 30 * time.Second, 60 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &stamps{}
			s, _ := newTestServer(t, st.wrap(faultsThen(serveFixture(t, "company.json"), tt.faults...)))
			synctest.Test(t, func(t *testing.T) {
				st.start = time.Now()
				c, _ := inProcess(t, s, WithMaxRetries(tt.retries))
				_, err := getCompany(c, t.Context())
				require.ErrorIs(t, err, ErrRateLimited)
				time.Sleep(time.Second)

				_, err = getCompany(c, t.Context())

				require.NoError(t, err)
				assert.Equal(t, tt.want, st.times(), "the next call waits for the 429's pause to end")
			})
		})
	}
}

// ---- small ones: Get, null answers, the zero Client ---------------------------

// TestGetChecksOutBeforeSending: out must be a non-nil pointer (or nil);
// anything else is refused before a token or a request.
func TestGetChecksOutBeforeSending(t *testing.T) {
	s, c := newTestServer(t, serveFixture(t, "company.json"))
	var res CompanyResult
	for _, out := range []any{res, (*CompanyResult)(nil), map[string]any{}, 42} {
		t.Run(fmt.Sprintf("%T", out), func(t *testing.T) {
			err := c.Get(t.Context(), "/v2/reports/company", nil, out)
			assert.EqualError(t, err, fmt.Sprintf("reports: GET /v2/reports/company: out must be a non-nil pointer (or nil to discard the answer), not %T", out))
		})
	}
	assert.Empty(t, s.requests(), "nothing sent")
	assert.Zero(t, s.tokenCalls.Load(), "not even a token")
	require.NoError(t, c.Get(t.Context(), "/v2/reports/company", nil, &res))
	assert.Equal(t, 28.0, res.Current.CustomersHelped)
}

// TestGetSaysWhyAPathIsRefused: each refusal reads "reports: GET <path>:"
// with the path as given, and says what is wrong with it; encoded
// backslashes, dots, slashes and NULs are refused before sending.
func TestGetSaysWhyAPathIsRefused(t *testing.T) {
	s, c := newTestServer(t, serveFixture(t, "company.json"))
	for path, why := range map[string]string{
		"":                              "the path is empty",
		"/v2/reports/company/":          "it ends with a slash; report paths have none (/v2/reports/company, not /v2/reports/company/)",
		"/v2/reports/%5c..%5cx":         "it holds a backslash or a control character (perhaps percent-encoded)",
		"%5c..%5cx":                     "it does not start with /",
		"/v2/reports/company%00":        "it holds a backslash or a control character (perhaps percent-encoded)",
		"/v2/reports/company\x00":       "it holds a backslash or a control character (perhaps percent-encoded)",
		"/v2/reports/%2e%2e/admin":      "it percent-encodes a '/', '.' or '\\', which servers may read as another path",
		"/v2/reports/%2E%2E":            "it percent-encodes a '/', '.' or '\\', which servers may read as another path",
		"/v2/reports%2fcompany":         "it percent-encodes a '/', '.' or '\\', which servers may read as another path",
		"/v2/reports/%zz":               `invalid URL escape "%zz"`,
		"/v2/reports/../../admin":       "it has dot segments (. or ..)",
		"/v2/reports/company/.":         "it has dot segments (. or ..)",
		"/v2//reports/company":          "it has a doubled slash",
		"/v2/reports/company?start=x":   "it has a query or a fragment; pass the query as the query argument",
		"/v2/reports/company#frag":      "it has a query or a fragment; pass the query as the query argument",
		"https://evil.example/v2/x":     "it names a scheme or a host; give the path only",
		"//evil.example/v2/reports/x":   "it names a scheme or a host; give the path only",
		"v2/reports/company":            "it does not start with /",
		"/v2/reports/company\r\nX-A: b": "it holds a backslash or a control character (perhaps percent-encoded)",
	} {
		t.Run(path, func(t *testing.T) {
			err := c.Get(t.Context(), path, nil, nil)
			shown := strings.NewReplacer("\x00", "%00", "\r", "%0D", "\n", "%0A").Replace(path) // one line
			assert.EqualError(t, err, "reports: GET "+shown+": want an absolute path under the API root, such as /v2/reports/company: "+why)
		})
	}
	assert.Empty(t, s.requests(), "nothing sent")
	assert.Zero(t, s.tokenCalls.Load(), "not even a token")
}

// TestNullAnswerIsAnError: a 200 whose body is JSON null is no report: an
// error, not a zero result.
func TestNullAnswerIsAnError(t *testing.T) {
	s, c := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, " null\n")
	}, WithMaxRetries(2))

	res, err := getCompany(c, t.Context())
	assert.Nil(t, res)
	assert.EqualError(t, err, "reports: GET /v2/reports/company: the answer is null, not a report")

	var raw json.RawMessage
	err = c.Get(t.Context(), "/v2/reports/company", nil, &raw)
	assert.EqualError(t, err, "reports: GET /v2/reports/company: the answer is null, not a report")
	assert.Len(t, s.requests(), 2, "not retried")
}

// TestZeroClient: a Client not made by New fails every call with an error
// that says so, and panics nowhere.
func TestZeroClient(t *testing.T) {
	const want = "the zero Client cannot send requests: make one with reports.New or reports.NewWithTokenSource"
	for name, c := range map[string]*Client{"zero": {}, "nil": nil} {
		t.Run(name, func(t *testing.T) {
			_, err := c.GetCompany(t.Context(), CompanyParams{})
			assert.EqualError(t, err, "reports: GET /v2/reports/company: "+want)
			assert.EqualError(t, c.Get(t.Context(), "/v2/reports/company", nil, nil), "reports: GET /v2/reports/company: "+want)
			_, err = c.Token(t.Context())
			assert.EqualError(t, err, "reports: "+want)
			for _, err := range c.AllCompanyDrilldown(t.Context(), CompanyDrilldownParams{}) {
				assert.EqualError(t, err, "reports: GET /v2/reports/company/drilldown: "+want)
			}
			assert.WithinDuration(t, time.Now(), c.Now(), time.Hour)
			assert.Zero(t, c.RateLimit())
			c.CloseIdleConnections()
			assert.Equal(t, "reports.Client{unusable: not made with New}", fmt.Sprint(c))
		})
	}
}

// FuzzGetPath: whatever the path, Get's check never panics, and a path it
// accepts is sent as a clean absolute path: no host, no dot segments or
// doubled slashes, no backslash or control character, and nothing
// percent-encoded that a server could read as a separator.
func FuzzGetPath(f *testing.F) {
	for _, seed := range []string{"/v2/reports/company", "/v2/reports/company/", "/v2/reports/%5c..%5cx", "%5c..%5cx",
		"/v2/reports/%00", "/v2/reports/%2e%2e/x", "//host/x", "/a/./b", "/a%2fb", "/ü/%C3%BC", "/v2/reports/%zz", "/"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, path string) {
		escaped, err := checkPath(path)
		if err != nil {
			return
		}
		u, perr := url.Parse(escaped)
		require.NoError(t, perr, "accepted %q", path)
		assert.True(t, strings.HasPrefix(escaped, "/") && !strings.HasPrefix(escaped, "//"), "%q", escaped)
		assert.Empty(t, u.Host+u.Scheme+u.RawQuery+u.Fragment, "%q", escaped)
		assert.Equal(t, pathpkg.Clean(u.Path), u.Path, "%q", escaped)
		assert.False(t, strings.ContainsFunc(u.Path, func(r rune) bool { return r == '\\' || unicode.IsControl(r) }), "%q", escaped)
		assert.False(t, encodesSeparator(escaped), "%q", escaped)
	})
}
