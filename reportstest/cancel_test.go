package reportstest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// yearQuery is a year of the default data set.
const yearQuery = "start=2025-11-26T00:00:00Z&end=2026-11-26T00:00:00Z"

// TestCancelStopsAggregation: once the request's context is done, the
// aggregation loop looks at no more than checkEvery conversations, and every
// later loop of the request (a time series has one per bucket) at none.
func TestCancelStopsAggregation(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	d := srv.data
	q, errs := parseRequest(routes["/v2/reports/company/customers-helped"], yearQuery+"&viewBy=week&tags="+strings.Repeat("1,", 999)+"1", false)
	require.Nil(t, errs)
	all := len(d.cohort(q.start, q.end))
	require.Greater(t, all, 10*checkEvery)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	q.filter.ctx = ctx
	visited := 0
	d.each(q.start, q.end, &q.filter, 0, func(*conversation) {
		if visited++; visited == 1 {
			cancel() // the client hangs up
		}
	})
	assert.LessOrEqual(t, visited, checkEvery, "the loop stops within checkEvery conversations")
	assert.Zero(t, d.aggregate(q.start, q.end, &q.filter, 0).conversations, "later loops stop at once")
}

// TestCancelledRequestNotAnswered: a report request whose client has left
// is not computed to the end: nothing is answered or cached, and the log
// shows status 0.
func TestCancelledRequestNotAnswered(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	_, body := srv.issue(false)
	var ans struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.Unmarshal(body, &ans))
	tok := ans.AccessToken
	require.True(t, srv.validToken("Bearer "+tok), string(body))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/v2/reports/company/customers-helped?"+yearQuery+"&viewBy=week", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	rec := httptest.NewRecorder()
	srv.serveHTTP(rec, req)

	assert.Zero(t, rec.Body.Len(), "no answer to a client that left")
	log := srv.Requests()
	require.Len(t, log, 1)
	assert.Zero(t, log[0].Status)
	srv.mu.Lock()
	defer srv.mu.Unlock()
	assert.Empty(t, srv.answers, "a partial answer is not cached")
}
