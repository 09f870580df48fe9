package reports

import (
	"context"
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

func TestConnectionReuse(t *testing.T) {
	s, c := newTestServer(t, serveFixture(t, "company.json"))
	errs := callConcurrently(c, 16, 1000)

	require.Empty(t, errs)
	assert.Len(t, s.requests(), 1000)
	assert.LessOrEqual(t, s.conns.Load(), int32(16), "1000 calls from 16 goroutines must reuse connections")
	assert.Equal(t, int32(1), s.tokenCalls.Load(), "one token for all calls")
}

// TestConnectionReuseOnErrorsAndRetries checks that bodies of failed and
// retried answers are drained and closed, so their connections are reused.
func TestConnectionReuseOnErrorsAndRetries(t *testing.T) {
	var seen sync.Map
	body := fixture(t, "company.json")
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
	})

	errs := callConcurrently(c, 16, 300)

	assert.Len(t, errs, 100, "every third call answers 404")
	for _, err := range errs {
		require.ErrorIs(t, err, ErrNotFound)
	}
	assert.Len(t, s.requests(), 400, "300 calls, 100 of them retried once")
	assert.LessOrEqual(t, s.conns.Load(), int32(16), "error and retry bodies must be drained so connections are reused")
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
