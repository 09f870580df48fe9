package reportstest_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/require"
)

// start starts a server that the test closes, and returns it with a client
// whose retries wait a millisecond or so.
func start(t *testing.T, opts ...reportstest.Option) (*reportstest.Server, *reports.Client) {
	t.Helper()
	srv := reportstest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv, srv.Client(reports.WithRetryBackoff(time.Millisecond, 5*time.Millisecond))
}

// fakeClock is a clock that tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 26, 10, 0, 30, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// get sends a raw GET with the client's token and returns the answer and its
// body.
func get(t *testing.T, srv *reportstest.Server, c *reports.Client, pathAndQuery string) (*http.Response, string) {
	t.Helper()
	tok, err := c.Token(context.Background())
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodGet, srv.URL+pathAndQuery, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

// reportPaths returns the paths of the logged report requests.
func reportPaths(srv *reportstest.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/v2/reports/") {
			out = append(out, r.Path)
		}
	}
	return out
}

// statuses returns the statuses of the logged report requests.
func statuses(srv *reportstest.Server) []int {
	var out []int
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/v2/reports/") {
			out = append(out, r.Status)
		}
	}
	return out
}
