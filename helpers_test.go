package reports

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Shared test helpers: a loopback server that speaks the API's wire format
// (token endpoint and report routes) and records every report request.

const (
	testClientID     = "test-client-id"
	testClientSecret = "test-client-secret-do-not-leak"
	testToken        = "test-access-token-do-not-leak"
)

// testNow is the fixed clock of the test clients: Thursday 2026-11-26 15:04:05 UTC.
var testNow = time.Date(2026, 11, 26, 15, 4, 5, 0, time.UTC)

// recorded is one report request as the server saw it.
type recorded struct {
	Method string
	Path   string
	Query  url.Values
	Raw    string // the raw query
	Header http.Header
}

// testServer is an httptest server with the API's token endpoint and a
// report handler of the test's choosing.
type testServer struct {
	*httptest.Server
	tokenCalls atomic.Int32
	conns      atomic.Int32 // TCP connections accepted
	mu         sync.Mutex
	reqs       []recorded
}

// newTestServer starts a server whose report routes are served by reports
// (after the bearer token is checked) and returns it with a client wired to
// it: fixed clock, no retry backoff to speak of.
func newTestServer(t testing.TB, reports http.HandlerFunc, opts ...Option) (*testServer, *Client) {
	t.Helper()
	s := &testServer{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v2/oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		s.tokenCalls.Add(1)
		if r.FormValue("grant_type") != "client_credentials" || r.FormValue("client_id") != testClientID || r.FormValue("client_secret") != testClientSecret {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"Client authentication failed"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"` + testToken + `","token_type":"bearer","expires_in":172800}`))
	})
	mux.HandleFunc("/v2/reports/", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.reqs = append(s.reqs, recorded{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Raw: r.URL.RawQuery, Header: r.Header.Clone()})
		s.mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+testToken {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error_description":"The access token is invalid or has expired","error":"invalid_token"}`))
			return
		}
		reports(w, r)
	})
	s.Server = httptest.NewUnstartedServer(mux)
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	base := []Option{WithBaseURL(s.URL), WithClock(func() time.Time { return testNow }), WithRetryBackoff(time.Millisecond, 5*time.Millisecond)}
	c, err := New(testClientID, testClientSecret, append(base, opts...)...)
	require.NoError(t, err)
	return s, c
}

// requests returns the report requests seen so far.
func (s *testServer) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

// fixture reads testdata/name.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// serveFixture answers every report request with testdata/name.
func serveFixture(t testing.TB, name string) http.HandlerFunc {
	body := fixture(t, name)
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}
}

// encodeParams is the query a client would send for p with now as the clock.
func encodeParams(p params, now time.Time) (string, error) {
	b, err := appendParams(make([]byte, 0, 128), p, now)
	return string(b), err
}

// concurrently runs call(1..calls) from workers goroutines and returns the
// errors, in no particular order.
func concurrently(workers, calls int, call func(i int) error) []error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		next atomic.Int32
	)
	for range workers {
		wg.Go(func() {
			for i := next.Add(1); i <= int32(calls); i = next.Add(1) {
				if err := call(int(i)); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return errs
}

// atOnce runs call on n goroutines, one call each, so that all n can be in
// flight together (concurrently does not promise that), and returns their
// errors by goroutine.
func atOnce(n int, call func() error) []error {
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { errs[i] = call() })
	}
	wg.Wait()
	return errs
}
