package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/oauth2"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rotatingAPI is an API whose token endpoint hands out a new token on every
// request (tok-1, tok-2, ...) and whose report routes accept only the tokens
// that were not revoked, answering the API's 401 otherwise.
type rotatingAPI struct {
	body       []byte
	expiresIn  int           // seconds; 0 means 172800, the API's two days
	noExpiry   bool          // answer no expires_in at all
	tokenDelay time.Duration // how long the token endpoint takes to answer
	tokenDown  atomic.Bool   // the token endpoint answers 500
	refuseAll  bool          // report routes refuse every token
	// hold401, when positive, holds every request with a refused token until
	// that many have arrived, so that they are all refused together.
	hold401 int
	stuck   atomic.Bool // a held request gave up waiting for the others

	tokenCalls atomic.Int32
	mu         sync.Mutex
	issued     int
	valid      map[string]bool
	auths      []string // the Authorization header of every report request
	held       int
	release    chan struct{}
}

func newRotatingAPI(t *testing.T) *rotatingAPI {
	return &rotatingAPI{body: fixture(t, "company.json"), valid: map[string]bool{}, release: make(chan struct{})}
}

// serve starts a loopback server for the API and returns a client of it.
func (a *rotatingAPI) serve(t *testing.T, opts ...Option) *Client {
	s := httptest.NewServer(a)
	t.Cleanup(s.Close)
	base := []Option{WithBaseURL(s.URL), WithClock(func() time.Time { return testNow }), WithRetryBackoff(time.Millisecond, 5*time.Millisecond)}
	c, err := New(testClientID, testClientSecret, append(base, opts...)...)
	require.NoError(t, err)
	return c
}

func (a *rotatingAPI) revokeAll() {
	a.mu.Lock()
	clear(a.valid)
	a.mu.Unlock()
}

func (a *rotatingAPI) reportAuths() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.auths...)
}

func (a *rotatingAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/v2/oauth2/token" {
		a.tokenCalls.Add(1)
		time.Sleep(a.tokenDelay)
		if a.tokenDown.Load() {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, `{"error":"server_error","error_description":"try later"}`)
			return
		}
		if r.FormValue("client_secret") != testClientSecret {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"error":"invalid_client"}`)
			return
		}
		a.mu.Lock()
		a.issued++
		tok := "tok-" + strconv.Itoa(a.issued)
		a.valid[tok] = !a.refuseAll
		a.mu.Unlock()
		expires := a.expiresIn
		if expires == 0 {
			expires = 172800
		}
		answer := map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": expires}
		if a.noExpiry {
			delete(answer, "expires_in")
		}
		_ = json.NewEncoder(w).Encode(answer)
		return
	}
	auth := r.Header.Get("Authorization")
	tok, _ := strings.CutPrefix(auth, "Bearer ")
	a.mu.Lock()
	a.auths = append(a.auths, auth)
	ok := a.valid[tok]
	var wait chan struct{}
	if !ok && a.hold401 > 0 {
		a.held++
		if a.held == a.hold401 {
			close(a.release)
		}
		wait = a.release
	}
	a.mu.Unlock()
	if ok {
		_, _ = w.Write(a.body)
		return
	}
	if wait != nil {
		select {
		case <-wait:
		case <-time.After(10 * time.Second):
			a.stuck.Store(true)
		}
	}
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = io.WriteString(w, `{"error_description":"The access token is invalid or has expired","error":"invalid_token"}`)
}

func TestTokenRenewedAfter401(t *testing.T) {
	a := newRotatingAPI(t)
	c := a.serve(t)
	tok, err := c.Token(t.Context())
	require.NoError(t, err)
	require.Equal(t, "tok-1", tok.AccessToken)
	a.revokeAll()

	res, err := getCompany(c, t.Context())

	require.NoError(t, err)
	assert.Equal(t, 28.0, res.Current.CustomersHelped)
	assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-2"}, a.reportAuths(), "refused, then replayed with a new token")
	assert.Equal(t, int32(2), a.tokenCalls.Load())
	tok, err = c.Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "tok-2", tok.AccessToken, "the new token is cached")
	assert.Equal(t, int32(2), a.tokenCalls.Load())
}

func TestSecond401Fails(t *testing.T) {
	a := newRotatingAPI(t)
	a.refuseAll = true
	c := a.serve(t, WithMaxRetries(5))

	_, err := getCompany(c, t.Context())

	require.ErrorIs(t, err, ErrUnauthorized)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	assert.Equal(t, "The access token is invalid or has expired", apiErr.Message)
	assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-2"}, a.reportAuths(), "replayed once, not retried")
	assert.Equal(t, int32(2), a.tokenCalls.Load())
}

func TestConcurrent401sFetchOneToken(t *testing.T) {
	const workers = 20
	a := newRotatingAPI(t)
	a.hold401 = workers
	c := a.serve(t, WithHTTPClient(noKeepAlives())) // no cap on connections: all 20 reach the server
	_, err := c.Token(t.Context())
	require.NoError(t, err)
	a.revokeAll()

	for _, err := range atOnce(workers, func() error { _, err := getCompany(c, t.Context()); return err }) {
		assert.NoError(t, err)
	}
	assert.False(t, a.stuck.Load(), "all 20 requests were refused together")
	assert.Equal(t, int32(2), a.tokenCalls.Load(), "20 refusals, one new token")
	auths := a.reportAuths()
	assert.Len(t, auths, 2*workers)
	for _, auth := range auths[workers:] {
		assert.Equal(t, "Bearer tok-2", auth, "every replay uses the new token")
	}
}

func TestConcurrentCallsShareOneToken(t *testing.T) {
	s, c := newTestServer(t, serveFixture(t, "company.json"))

	errs := burstCalls(t, c, 400)

	assert.Empty(t, errs)
	assert.Len(t, s.requests(), 400)
	assert.Equal(t, int32(1), s.tokenCalls.Load(), "400 calls from 20 goroutines, one token request")
}

// tokenEndpoint is a token endpoint that answers with faults first, then
// hands out testToken.
func tokenEndpoint(t *testing.T, faults ...http.HandlerFunc) (url string, calls *atomic.Int32) {
	calls = new(atomic.Int32)
	issue := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"`+testToken+`","token_type":"bearer","expires_in":172800}`)
	}
	h := faultsThen(issue, faults...)
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s.URL + "/token", calls
}

func oauthError(status int, code string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `{"error":%q,"error_description":"told by the token endpoint"}`, code)
	}
}

func TestTokenEndpointFailures(t *testing.T) {
	noToken := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"token_type":"bearer","expires_in":60}`)
	}
	tests := []struct {
		name         string
		faults       []http.HandlerFunc
		tokenCalls   int32
		ok           bool
		unauthorized bool // the error matches ErrUnauthorized
		status       int  // the error's StatusCode
	}{
		{"credentials refused", rep(4, oauthError(401, "invalid_client")), 1, false, true, 401},
		{"grant refused", rep(4, oauthError(400, "invalid_grant")), 1, false, true, 400},
		{"no access_token", rep(4, noToken), 1, false, false, 0},
		{"500 retried, then a token", rep(2, oauthError(500, "server_error")), 3, true, false, 0},
		{"503 until the retries run out", rep(4, oauthError(503, "temporarily_unavailable")), 4, false, false, 503},
		{"hang-up retried, then a token", []http.HandlerFunc{hangUp(t)}, 2, true, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, calls := tokenEndpoint(t, tt.faults...)
			s, c := newTestServer(t, serveFixture(t, "company.json"), WithTokenURL(u), WithHTTPClient(noKeepAlives()))

			_, err := getCompany(c, t.Context())

			assert.Equal(t, tt.tokenCalls, calls.Load())
			if tt.ok {
				require.NoError(t, err)
				assert.Len(t, s.requests(), 1)
				return
			}
			var ae *AuthError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tt.unauthorized, errors.Is(err, ErrUnauthorized))
			assert.Equal(t, tt.status, ae.StatusCode)
			assert.Empty(t, s.requests(), "no report request without a token")
		})
	}
}

// TestTokenTimeoutIsRetried: a token request that outlives the HTTP client's
// Timeout is retried like any stalled attempt.
func TestTokenTimeoutIsRetried(t *testing.T) {
	stall := func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm() // net/http notices a client hang-up once the body is read
		<-r.Context().Done()
	}
	u, calls := tokenEndpoint(t, stall)
	hc := noKeepAlives()
	hc.Timeout = 200 * time.Millisecond
	s, c := newTestServer(t, serveFixture(t, "company.json"), WithTokenURL(u), WithHTTPClient(hc))

	res, err := getCompany(c, t.Context())

	require.NoError(t, err)
	assert.Equal(t, 28.0, res.Current.CustomersHelped)
	assert.Equal(t, int32(2), calls.Load(), "the stalled token request, then the retry")
	assert.Len(t, s.requests(), 1)
}

// rep repeats h n times.
func rep(n int, h http.HandlerFunc) []http.HandlerFunc {
	hs := make([]http.HandlerFunc, n)
	for i := range hs {
		hs[i] = h
	}
	return hs
}

func TestTokenFetchOutlivesACanceledCaller(t *testing.T) {
	release := make(chan struct{})
	u, calls := tokenEndpoint(t, func(w http.ResponseWriter, r *http.Request) {
		<-release
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"`+testToken+`","token_type":"bearer","expires_in":172800}`)
	})
	s, c := newTestServer(t, serveFixture(t, "company.json"), WithTokenURL(u))

	ctx, cancel := context.WithCancel(t.Context())
	first := make(chan error)
	go func() { _, err := getCompany(c, ctx); first <- err }()
	for calls.Load() == 0 { // the fetch is on its way
		time.Sleep(time.Millisecond)
	}
	second := make(chan error)
	go func() { _, err := getCompany(c, t.Context()); second <- err }()
	cancel()
	assert.ErrorIs(t, <-first, context.Canceled, "the canceled caller returns without the token")
	close(release)

	require.NoError(t, <-second, "the other caller gets the token of the same fetch")
	assert.Equal(t, int32(1), calls.Load())
	assert.Len(t, s.requests(), 1)
}

// TestTokenRenewedBeforeExpiry: with a tenth of its life left the token is
// renewed in the background, once, while the calls go on with the cached
// one; they never wait for the fetch.
func TestTokenRenewedBeforeExpiry(t *testing.T) {
	a := newRotatingAPI(t)
	a.expiresIn = 100          // renewed with a tenth of its life left: from 90 s on
	a.tokenDelay = time.Second // every fetch takes a second
	synctest.Test(t, func(t *testing.T) {
		c, err := New(testClientID, testClientSecret, WithBaseURL("https://api.helpscout.test"),
			WithHTTPClient(&http.Client{Transport: &handlerTransport{h: a}}))
		require.NoError(t, err)

		start := time.Now()
		call := func(at time.Duration) time.Duration {
			time.Sleep(at - time.Since(start))
			begin := time.Now()
			_, err := getCompany(c, t.Context())
			require.NoError(t, err)
			return time.Since(begin)
		}
		assert.Equal(t, time.Second, call(0), "the first call waits for the first token")
		assert.Zero(t, call(89*time.Second))
		assert.Zero(t, call(91*time.Second), "due for renewal: the renewal starts, the call goes on")
		assert.Zero(t, call(91500*time.Millisecond), "one renewal at a time, and nobody waits for it")
		assert.Zero(t, call(93*time.Second), "renewed at 92 s")
		assert.Zero(t, call(183*time.Second), "the new token is due at 182 s")
		time.Sleep(time.Second) // the renewal started at 183 s ends
		synctest.Wait()
		assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-1", "Bearer tok-1", "Bearer tok-1", "Bearer tok-2", "Bearer tok-2"}, a.reportAuths())
		assert.Equal(t, int32(3), a.tokenCalls.Load(), "tok-3 was fetched at 183 s")
	})
}

// TestFailedEarlyRenewalIsLoggedNotReturned: while the cached token is
// valid, a failed renewal is logged and tried again on a later call (not
// before renewRetryGap), and the calls go on; only when the token has
// expired do calls wait for a fetch, and fail with it.
func TestFailedEarlyRenewalIsLoggedNotReturned(t *testing.T) {
	a := newRotatingAPI(t)
	a.expiresIn = 100 // due for renewal at 90 s, expired at 100 s
	logger, logs := debugLogger()
	synctest.Test(t, func(t *testing.T) {
		c, err := New(testClientID, testClientSecret, WithBaseURL("https://api.helpscout.test"), WithLogger(logger),
			WithHTTPClient(&http.Client{Transport: &handlerTransport{h: a}}), WithRetryBackoff(time.Second, time.Second))
		require.NoError(t, err)
		start := time.Now()
		call := func(at time.Duration) error {
			time.Sleep(at - time.Since(start))
			_, err := getCompany(c, t.Context())
			synctest.Wait() // let a renewal started by the call end
			return err
		}

		require.NoError(t, call(0))
		a.tokenDown.Store(true)
		require.NoError(t, call(91*time.Second), "the renewal failed, the cached token served")
		assert.Equal(t, int32(2), a.tokenCalls.Load())
		require.NoError(t, call(93*time.Second))
		assert.Equal(t, int32(2), a.tokenCalls.Load(), "not tried again before renewRetryGap")
		require.NoError(t, call(97*time.Second))
		assert.Equal(t, int32(3), a.tokenCalls.Load(), "tried again on a later call")
		var warnings []string
		for _, r := range logs.records(t) {
			if r["level"] == "WARN" {
				warnings = append(warnings, fmt.Sprint(r["msg"], ": ", r["error"]))
			}
		}
		assert.Equal(t, []string{
			"reports: early token renewal failed; the cached token is used until it expires: fetching OAuth2 token: 500 Internal Server Error: server_error: try later",
			"reports: early token renewal failed; the cached token is used until it expires: fetching OAuth2 token: 500 Internal Server Error: server_error: try later",
		}, warnings)

		err = call(101 * time.Second)
		var ae *AuthError
		require.ErrorAs(t, err, &ae, "expired: the call waits for a fetch, which fails")
		assert.Equal(t, http.StatusInternalServerError, ae.StatusCode)
		assert.EqualError(t, err, "reports: GET /v2/reports/company: fetching OAuth2 token: 500 Internal Server Error: server_error: try later after 4 attempts")

		a.tokenDown.Store(false)
		require.NoError(t, call(200*time.Second))
		assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-1", "Bearer tok-1", "Bearer tok-1", "Bearer tok-2"}, a.reportAuths())
	})
}

// TestTokenAnswerCutOffIsRetried: a token answer cut off mid-body is a
// network failure, retried like any other (x/oauth2 hides the read error in
// a string).
func TestTokenAnswerCutOffIsRetried(t *testing.T) {
	cut := hijackConn(t, func(c *net.TCPConn) {
		_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"+`{"access_token":"`)
	})
	u, calls := tokenEndpoint(t, cut)
	s, c := newTestServer(t, serveFixture(t, "company.json"), WithTokenURL(u), WithHTTPClient(noKeepAlives()))

	res, err := getCompany(c, t.Context())

	require.NoError(t, err)
	assert.Equal(t, 28.0, res.Current.CustomersHelped)
	assert.Equal(t, int32(2), calls.Load(), "the cut answer, then the retry")
	assert.Len(t, s.requests(), 1)

	// Without retries the error says what happened, and matches it.
	u, _ = tokenEndpoint(t, cut)
	_, c = newTestServer(t, serveFixture(t, "company.json"), WithTokenURL(u), WithHTTPClient(noKeepAlives()), WithMaxRetries(0))
	_, err = getCompany(c, t.Context())
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.EqualError(t, err, "reports: GET /v2/reports/company: fetching OAuth2 token: unexpected EOF")
}

// ---- a caller's token source ----------------------------------------------

// testSource is an oauth2.TokenSource that gives the current token of a
// list (rotate moves on, as another process renewing a shared token would),
// or err, and counts its calls.
type testSource struct {
	mu     sync.Mutex
	tokens []string
	i      int
	calls  atomic.Int32
	err    error
}

func (s *testSource) Token() (*oauth2.Token, error) {
	s.calls.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, s.err
	}
	return &oauth2.Token{AccessToken: s.tokens[s.i], TokenType: "bearer", Expiry: time.Now().Add(time.Hour)}, nil
}

// rotate makes the source give the next token from now on.
func (s *testSource) rotate() {
	s.mu.Lock()
	s.i++
	s.mu.Unlock()
}

// sourceAPI serves the report routes for the tokens in valid, records the
// report requests, and returns a client of it with ts as its token source.
func sourceAPI(t *testing.T, ts oauth2.TokenSource, valid *sync.Map, opts ...Option) (*Client, *testServer) {
	t.Helper()
	body := fixture(t, "company.json")
	s, _ := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {})
	s.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.reqs = append(s.reqs, recorded{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Raw: r.URL.RawQuery, Header: r.Header.Clone()})
		s.mu.Unlock()
		tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("Content-Type", "application/json")
		if _, ok := valid.Load(tok); !ok {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"error_description":"The access token is invalid or has expired","error":"invalid_token"}`)
			return
		}
		_, _ = w.Write(body)
	})
	c, err := NewWithTokenSource(ts, append([]Option{WithBaseURL(s.URL), WithClock(func() time.Time { return testNow }),
		WithRetryBackoff(time.Millisecond, 5*time.Millisecond)}, opts...)...)
	require.NoError(t, err)
	return c, s
}

func authsOf(reqs []recorded) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Header.Get("Authorization"))
	}
	return out
}

func TestTokenSourceClient(t *testing.T) {
	src := &testSource{tokens: []string{"src-1"}}
	valid := &sync.Map{}
	valid.Store("src-1", true)
	c, s := sourceAPI(t, src, valid)

	res, err := getCompany(c, t.Context())
	require.NoError(t, err)
	assert.Equal(t, 28.0, res.Current.CustomersHelped)
	_, err = getCompany(c, t.Context())
	require.NoError(t, err)

	assert.Equal(t, []string{"Bearer src-1", "Bearer src-1"}, authsOf(s.requests()))
	assert.Equal(t, int32(2), src.calls.Load(), "asked for every request; the source caches")
	tok, err := c.Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "src-1", tok.AccessToken)
}

// TestTokenSource401Replayed: the API refuses the token, the source, asked
// once more, gives another (another process renewed it): the call is
// replayed with it.
func TestTokenSource401Replayed(t *testing.T) {
	src := &testSource{tokens: []string{"src-1", "src-2"}}
	valid := &sync.Map{}
	valid.Store("src-2", true)
	c, s := sourceAPI(t, src, valid)
	// The source gives src-1 first; the refusal makes the test's "other
	// process" renew it.
	s.Config.Handler = rotateOn401(s.Config.Handler, src)

	res, err := getCompany(c, t.Context())

	require.NoError(t, err)
	assert.Equal(t, 28.0, res.Current.CustomersHelped)
	assert.Equal(t, []string{"Bearer src-1", "Bearer src-2"}, authsOf(s.requests()))
	assert.Equal(t, int32(2), src.calls.Load(), "asked for the request, and once more after the 401")
}

// rotateOn401 rotates src's token when h answers 401.
func rotateOn401(h http.Handler, src *testSource) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code == http.StatusUnauthorized {
			src.rotate()
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// TestTokenSource401SameToken: asked once more, the source gives the same
// token: the 401 stands, not retried.
func TestTokenSource401SameToken(t *testing.T) {
	src := &testSource{tokens: []string{"src-1"}}
	c, s := sourceAPI(t, src, &sync.Map{}, WithMaxRetries(5))

	_, err := getCompany(c, t.Context())

	require.ErrorIs(t, err, ErrUnauthorized)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	assert.Equal(t, []string{"Bearer src-1"}, authsOf(s.requests()), "not replayed with the same token")
	assert.Equal(t, int32(2), src.calls.Load())
	assert.NotContains(t, err.Error(), "src-1")
}

// TestTokenSourceConcurrent401s: 20 calls refused together ask the source
// once more, once, and all replay with its new token.
func TestTokenSourceConcurrent401s(t *testing.T) {
	const workers = 20
	src := &testSource{tokens: []string{"src-1", "src-2"}}
	valid := &sync.Map{}
	c, s := sourceAPI(t, src, valid, WithHTTPClient(noKeepAlives()))
	var held sync.WaitGroup
	held.Add(workers)
	var atRefusal atomic.Int32 // the source's calls when the 20 requests were refused
	refuse := s.Config.Handler
	s.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer src-1" {
			held.Done()
			held.Wait() // all 20 are refused together
			// The first handler here stores before any 401 is written.
			atRefusal.CompareAndSwap(0, src.calls.Load())
			src.rotate()
			valid.Store("src-2", true)
		}
		refuse.ServeHTTP(w, r)
	})
	// src.rotate runs 20 times: give the source room for that.
	for range workers {
		src.tokens = append(src.tokens, "src-2")
	}

	for _, err := range atOnce(workers, func() error { _, err := getCompany(c, t.Context()); return err }) {
		assert.NoError(t, err)
	}
	asked := atRefusal.Load()
	assert.True(t, asked >= 1 && asked <= workers, "at most one call a request (the calls in flight together share one): %d", asked)
	assert.Equal(t, asked+1, src.calls.Load(), "one more for all 20 refusals")
	count := map[string]int{}
	for _, a := range authsOf(s.requests()) {
		count[a]++
	}
	assert.Equal(t, map[string]int{"Bearer src-1": workers, "Bearer src-2": workers}, count, "each call refused once, replayed once with the new token")
}

func TestTokenSourceErrors(t *testing.T) {
	src := &testSource{tokens: []string{"src-1"}, err: &oauth2.RetrieveError{
		Response: &http.Response{StatusCode: http.StatusBadRequest}, ErrorCode: "invalid_request", ErrorDescription: "Invalid refresh_token",
		Body: []byte(`{"error":"invalid_request","refresh_token":"rt-do-not-leak"}`),
	}}
	c, s := sourceAPI(t, src, &sync.Map{})

	_, err := getCompany(c, t.Context())

	var ae *AuthError
	require.ErrorAs(t, err, &ae)
	assert.ErrorIs(t, err, ErrUnauthorized, "a refused refresh token")
	assert.EqualError(t, err, "reports: GET /v2/reports/company: fetching OAuth2 token: 400 Bad Request: invalid_request: Invalid refresh_token")
	assert.Empty(t, s.requests())

	src.err = errors.New("database is down")
	_, err = getCompany(c, t.Context())
	assert.EqualError(t, err, "reports: GET /v2/reports/company: fetching OAuth2 token: database is down")

	_, err = NewWithTokenSource(nil)
	assert.ErrorContains(t, err, "token source is nil")
	_, err = NewWithTokenSource(src, WithTokenURL("https://example.com/token"))
	assert.ErrorContains(t, err, "WithTokenURL")
}

// TestTokenSourceWithOAuth2Config: an authorization-code client's source
// (oauth2.Config.TokenSource with a refresh token) renews through the
// token endpoint when its token expires, and the client follows.
func TestTokenSourceWithOAuth2Config(t *testing.T) {
	var refreshes atomic.Int32
	tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseForm())
		assert.Equal(t, "refresh_token", r.PostForm.Get("grant_type"))
		n := refreshes.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"access_token":"refreshed-%d","token_type":"bearer","expires_in":7200,"refresh_token":"rt-%d"}`, n, n)
	}))
	t.Cleanup(tokenSrv.Close)
	cfg := &oauth2.Config{ClientID: testClientID, ClientSecret: testClientSecret, Endpoint: oauth2.Endpoint{TokenURL: tokenSrv.URL, AuthStyle: oauth2.AuthStyleInParams}}
	expired := &oauth2.Token{AccessToken: "old", RefreshToken: "rt-0", Expiry: time.Now().Add(-time.Minute)}
	valid := &sync.Map{}
	valid.Store("refreshed-1", true)
	c, s := sourceAPI(t, cfg.TokenSource(t.Context(), expired), valid)

	for range 3 {
		_, err := getCompany(c, t.Context())
		require.NoError(t, err)
	}
	assert.Equal(t, int32(1), refreshes.Load(), "renewed once, then cached by the source")
	assert.Equal(t, []string{"Bearer refreshed-1", "Bearer refreshed-1", "Bearer refreshed-1"}, authsOf(s.requests()))
}

// TestTokenWithoutExpiryIsReused: a token answered without expires_in has no
// known expiry: it is kept until the API refuses it, not fetched per call.
func TestTokenWithoutExpiryIsReused(t *testing.T) {
	a := newRotatingAPI(t)
	a.noExpiry = true
	c := a.serve(t)
	for range 3 {
		_, err := getCompany(c, t.Context())
		require.NoError(t, err)
	}
	assert.Equal(t, int32(1), a.tokenCalls.Load(), "one token for all calls")
	assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-1", "Bearer tok-1"}, a.reportAuths())
}

// TestLongTokenRenewedAtMostAMinuteEarly: a tenth of an hour is 6 minutes,
// but a one-hour token is renewed at most maxRenewMargin (a minute) before
// it expires.
func TestLongTokenRenewedAtMostAMinuteEarly(t *testing.T) {
	a := newRotatingAPI(t)
	a.expiresIn = 3600
	synctest.Test(t, func(t *testing.T) {
		c, err := New(testClientID, testClientSecret, WithBaseURL("https://api.helpscout.test"),
			WithHTTPClient(&http.Client{Transport: &handlerTransport{h: a}}))
		require.NoError(t, err)
		start := time.Now()
		call := func(at time.Duration) {
			time.Sleep(at - time.Since(start))
			_, err := getCompany(c, t.Context())
			require.NoError(t, err)
			synctest.Wait() // a renewal the call started ends
		}

		call(0)
		call(55 * time.Minute)
		call(58*time.Minute + 59*time.Second)
		assert.Equal(t, int32(1), a.tokenCalls.Load(), "not renewed more than a minute early")
		call(59*time.Minute + time.Second)
		assert.Equal(t, int32(2), a.tokenCalls.Load(), "renewed in its last minute")
	})
}

// blockingSource is a token source whose Token blocks until release is
// closed, then gives a token.
type blockingSource struct {
	release chan struct{}
	calls   atomic.Int32
}

func (s *blockingSource) Token() (*oauth2.Token, error) {
	s.calls.Add(1)
	<-s.release
	return &oauth2.Token{AccessToken: "blocked-1", TokenType: "bearer"}, nil
}

// TestTokenSourceThatHangs: 200 calls of 2 ms timeout over a source that
// blocks make one Token call, shared by all; each caller returns at its
// deadline; one goroutine waits on the source, whatever the number of
// callers. When the source answers, later calls get its token.
func TestTokenSourceThatHangs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &blockingSource{release: make(chan struct{})}
		api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(fixture(t, "company.json"))
		})
		c, err := NewWithTokenSource(src, WithBaseURL("https://api.helpscout.test"),
			WithHTTPClient(&http.Client{Transport: &handlerTransport{h: api}}))
		require.NoError(t, err)
		before := goroutines()
		start := time.Now()

		errs := atOnce(200, func() error {
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Millisecond)
			defer cancel()
			_, err := getCompany(c, ctx)
			return err
		})

		for _, err := range errs {
			assert.ErrorIs(t, err, context.DeadlineExceeded)
		}
		assert.Equal(t, 2*time.Millisecond, time.Since(start), "each caller returns at its deadline")
		assert.Equal(t, int32(1), src.calls.Load(), "one Token call in flight, shared")
		synctest.Wait() // the callers' goroutines have exited
		// One goroutine waits on the source; the process may start a few of its own.
		assert.LessOrEqual(t, goroutines()-before, 4, "goroutines bounded by a small constant, not one a caller")

		close(src.release)
		synctest.Wait() // the source's call ends
		_, err = getCompany(c, t.Context())
		require.NoError(t, err)
		assert.Equal(t, int32(2), src.calls.Load(), "the next call asks again")
	})
}

// goroutines counts the live goroutines in a stack dump, which stops the
// world: runtime.NumGoroutine may still count goroutines that just exited.
func goroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return bytes.Count(buf[:n], []byte("\ngoroutine ")) + 1
		}
		buf = make([]byte, 2*len(buf))
	}
}

// scriptedSource gives its answers in order, the last one for ever after.
type scriptedSource struct {
	mu      sync.Mutex
	answers []any // a token string or an error
	calls   int
}

func (s *scriptedSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.answers[min(s.calls, len(s.answers)-1)]
	s.calls++
	if err, ok := a.(error); ok {
		return nil, err
	}
	return &oauth2.Token{AccessToken: a.(string), TokenType: "bearer"}, nil
}

func (s *scriptedSource) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// TestFailedReaskIsNotRememberedForever: the API refuses src-1; asked once
// more, the source fails for a while. The call's error says both (the 401,
// matching ErrUnauthorized, and the source's failure). A call refused soon
// after shares that answer; one refused renewRetryGap later asks again, and
// replays with the token the source gives now.
func TestFailedReaskIsNotRememberedForever(t *testing.T) {
	transient := errors.New("transient: db unavailable")
	src := &scriptedSource{answers: []any{"src-1", transient, "src-1", "src-1", "src-2"}}
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var auths []string
		api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			auths = append(auths, r.Header.Get("Authorization"))
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			if r.Header.Get("Authorization") != "Bearer src-2" {
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = io.WriteString(w, `{"error_description":"The access token is invalid or has expired","error":"invalid_token"}`)
				return
			}
			_, _ = w.Write(fixture(t, "company.json"))
		})
		c, err := NewWithTokenSource(src, WithBaseURL("https://api.helpscout.test"),
			WithHTTPClient(&http.Client{Transport: &handlerTransport{h: api}}))
		require.NoError(t, err)
		const want = "reports: GET /v2/reports/company: 401 Unauthorized: The access token is invalid or has expired; " +
			"asking for a new token: fetching OAuth2 token: transient: db unavailable"

		_, err = getCompany(c, t.Context())
		assert.ErrorIs(t, err, ErrUnauthorized, "what the API answered")
		assert.ErrorIs(t, err, transient, "what the source said")
		var ae *AuthError
		assert.ErrorAs(t, err, &ae)
		assert.EqualError(t, err, want)
		assert.Equal(t, 2, src.count(), "asked for the request, and once more")

		time.Sleep(time.Second)
		_, err = getCompany(c, t.Context())
		assert.EqualError(t, err, want, "refused again soon after: the answer is shared")
		assert.Equal(t, 3, src.count(), "asked for the request only")

		time.Sleep(renewRetryGap)
		_, err = getCompany(c, t.Context())
		require.NoError(t, err, "refused later: the source is asked again")
		assert.Equal(t, 5, src.count())
		assert.Equal(t, []string{"Bearer src-1", "Bearer src-1", "Bearer src-1", "Bearer src-2"}, auths)
	})
}
