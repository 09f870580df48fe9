package reports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rotatingAPI is an API whose token endpoint hands out a new token on every
// request (tok-1, tok-2, ...) and whose report routes accept only the tokens
// that were not revoked, answering the API's 401 otherwise.
type rotatingAPI struct {
	body       []byte
	expiresIn  int           // seconds; 0 means 172800, the API's two days
	tokenDelay time.Duration // how long the token endpoint takes to answer
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
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": expires})
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

	var wg sync.WaitGroup
	errs := make([]error, workers)
	for i := range workers {
		wg.Go(func() { _, errs[i] = getCompany(c, t.Context()) })
	}
	wg.Wait()

	for _, err := range errs {
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
