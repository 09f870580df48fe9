package reportstest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRateLimit checks the fixed window, the headers and the 429 answer
// through the SDK, with the server's clock moved by hand. The SDK holds a
// client's calls for the Retry-After it read (in real time), so each phase
// after a 429 uses a new client.
func TestRateLimit(t *testing.T) {
	clock := newFakeClock() // 30 s into a minute
	srv, _ := start(t, reportstest.WithClock(clock.Now), reportstest.WithRateLimit(3, 0))
	fresh := func() *reports.Client { return srv.Client(reports.WithMaxRetries(0)) }
	c := fresh()
	ctx := context.Background()
	for i := range 3 {
		_, err := c.GetCompany(ctx, reports.CompanyParams{})
		require.NoError(t, err)
		assert.Equal(t, reports.RateLimit{Limit: 3, Remaining: 2 - i}, withoutTime(c.RateLimit()))
	}
	_, err := c.GetCompany(ctx, reports.CompanyParams{})
	require.ErrorIs(t, err, reports.ErrRateLimited)
	var apiErr *reports.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 30*time.Second, apiErr.RetryAfter, "until the minute ends")
	assert.Equal(t, "API rate limit exceeded", apiErr.Message)
	assert.Equal(t, reports.RateLimit{Limit: 3, Remaining: 0, RetryAfter: 30 * time.Second}, withoutTime(c.RateLimit()))
	assert.Equal(t, 1, srv.Throttled())

	clock.Advance(29 * time.Second)
	c = fresh()
	_, err = c.GetCompany(ctx, reports.CompanyParams{})
	require.ErrorIs(t, err, reports.ErrRateLimited, "same window")
	assert.Equal(t, time.Second, c.RateLimit().RetryAfter)

	clock.Advance(time.Second)
	c = fresh()
	_, err = c.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err, "a new window")
	assert.Equal(t, 2, c.RateLimit().Remaining)
	assert.Equal(t, 2, srv.Throttled())

	srv.SetRateLimit(0, 0)
	for range 5 {
		_, err = c.GetCompany(ctx, reports.CompanyParams{})
		require.NoError(t, err, "the limit is off")
	}
	assert.Equal(t, 2, srv.Throttled())
}

func withoutTime(rl reports.RateLimit) reports.RateLimit {
	rl.Updated = time.Time{}
	return rl
}

// TestRateLimitHeadersOnEveryAnswer checks the headers on answers of every
// kind, and that only authenticated calls count.
func TestRateLimitHeadersOnEveryAnswer(t *testing.T) {
	clock := newFakeClock()
	srv, c := start(t, reportstest.WithClock(clock.Now), reportstest.WithRateLimit(10, time.Minute))
	noToken, err := http.NewRequest(http.MethodGet, srv.URL+"/v2/reports/company?"+dates, nil)
	require.NoError(t, err)
	resp, _ := do(t, noToken)
	assert.Equal(t, 401, resp.StatusCode)
	assert.Equal(t, "10", resp.Header.Get("X-RateLimit-Limit-Minute"))
	assert.Equal(t, "10", resp.Header.Get("X-RateLimit-Remaining-Minute"), "a refused token does not count")

	for i, tc := range []struct {
		path   string
		status int
	}{
		{"/v2/reports/company?" + dates, 200},
		{"/v2/reports/company?" + dates + "&bogus=1", 400},
		{"/v2/reports/user?" + dates + "&user=7", 404},
	} {
		resp, body := get(t, srv, c, tc.path)
		assert.Equal(t, tc.status, resp.StatusCode, body)
		assert.Equal(t, "10", resp.Header.Get("X-RateLimit-Limit-Minute"), tc.path)
		assert.Equal(t, []string{[]string{"9", "8", "7"}[i]}, resp.Header.Values("X-RateLimit-Remaining-Minute"), tc.path)
	}
}

// TestRateLimitRetriedBySDK runs calls through a short real window: the SDK
// waits what X-RateLimit-Retry-After says and every call succeeds.
func TestRateLimitRetriedBySDK(t *testing.T) {
	srv, c := start(t, reportstest.WithRateLimit(2, 50*time.Millisecond))
	for range 6 {
		_, err := c.GetCompany(context.Background(), reports.CompanyParams{})
		require.NoError(t, err)
	}
	assert.Positive(t, srv.Throttled())
	ok := 0
	for _, st := range statuses(srv) {
		assert.Contains(t, []int{200, 429}, st)
		if st == 200 {
			ok++
		}
	}
	assert.Equal(t, 6, ok)
}

// TestFailNext checks injected failures: retried by the SDK when they are
// transient, surfaced when retries are off.
func TestFailNext(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	srv.FailNext(2, http.StatusServiceUnavailable)
	_, err := c.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err)
	assert.Equal(t, []int{503, 503, 200}, statuses(srv))

	srv.FailNext(1, http.StatusTooManyRequests)
	_, err = c.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Throttled())

	once := srv.Client(reports.WithMaxRetries(0))
	srv.FailNext(1, http.StatusInternalServerError)
	_, err = once.GetCompany(ctx, reports.CompanyParams{})
	var apiErr *reports.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 500, apiErr.StatusCode)
	assert.Equal(t, "Internal Server Error", apiErr.Message)
	assert.NotEmpty(t, apiErr.LogRef)
	_, err = once.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err, "only the next call failed")

	srv.FailNext(1, http.StatusForbidden)
	_, err = c.GetCompany(ctx, reports.CompanyParams{})
	require.ErrorIs(t, err, reports.ErrForbidden, "a 403 is not retried")

	srv.FailNext(1, http.StatusTooManyRequests)
	_, err = once.GetCompany(ctx, reports.CompanyParams{})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "API rate limit exceeded", apiErr.Message, "the rate limit's own body")

	srv.FailNext(3, http.StatusBadGateway)
	srv.FailNext(0, http.StatusBadGateway) // cancels
	srv.FailNext(-1, http.StatusBadGateway)
	_, err = once.GetCompany(ctx, reports.CompanyParams{})
	require.NoError(t, err, "n <= 0 injects nothing")

	for _, status := range []int{0, 200, 302, 600} {
		assert.Panics(t, func() { srv.FailNext(1, status) }, "status %d is no failure", status)
	}
}

// TestLatency checks that latency delays the answer: a caller with a shorter
// deadline gives up, and the server logs that it answered nothing.
func TestLatency(t *testing.T) {
	srv, c := start(t, reportstest.WithLatency(time.Minute))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := c.Token(context.Background())
	require.NoError(t, err, "the token endpoint has no latency")
	_, err = c.GetCompany(ctx, reports.CompanyParams{})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	// The server sees the hang-up when its connection's reader does: at once
	// on an idle machine, seconds later on a saturated one (seen once at a
	// load of 20 on 2 cores under -race), so the bound is generous; a pass
	// returns as soon as the log says it.
	require.Eventually(t, func() bool { s := statuses(srv); return len(s) == 1 && s[0] == 0 }, 30*time.Second, 5*time.Millisecond)

	srv.SetLatency(0)
	_, err = c.GetCompany(context.Background(), reports.CompanyParams{})
	require.NoError(t, err)
}

// TestCutNext checks that a body cut mid-way fails the read as a network
// error would, and that the SDK retries it.
func TestCutNext(t *testing.T) {
	srv, c := start(t)
	ctx := context.Background()
	srv.CutNext(1)
	res, err := c.GetConversationsDrilldown(ctx, reports.ConversationsDrilldownParams{})
	require.NoError(t, err)
	assert.NotEmpty(t, res.Conversations.Results)
	assert.Equal(t, []int{200, 200}, statuses(srv))
	assert.Equal(t, 2, srv.Connections(), "the one that was cut, and a new one")

	once := srv.Client(reports.WithMaxRetries(0))
	srv.CutNext(1)
	_, err = once.GetConversationsDrilldown(ctx, reports.ConversationsDrilldownParams{})
	require.Error(t, err)
	assert.True(t, errors.Is(err, io.ErrUnexpectedEOF), "%v", err)
}

// TestRequestLog checks what the log keeps of each request.
func TestRequestLog(t *testing.T) {
	clock := newFakeClock()
	srv, c := start(t, reportstest.WithClock(clock.Now))
	k := newKit(srv)
	_, err := c.GetCompany(context.Background(), reports.CompanyParams{Dates: k.dates, Filters: reports.Filters{Mailboxes: []int64{201, 202}}})
	require.NoError(t, err)
	log := srv.Requests()
	require.Len(t, log, 2)
	assert.Equal(t, "application/x-www-form-urlencoded", log[0].Header.Get("Content-Type"))
	assert.NotEmpty(t, log[0].CorrelationID)
	log[0].Header, log[0].CorrelationID = nil, ""
	assert.Equal(t, reportstest.Request{Method: "POST", Path: "/v2/oauth2/token", Query: map[string][]string{}, Time: clock.Now(), Status: 200}, log[0])
	assert.Equal(t, "GET", log[1].Method)
	assert.Equal(t, "/v2/reports/company", log[1].Path)
	assert.Equal(t, []string{"2026-10-27T15:04:05Z"}, log[1].Query["start"])
	assert.Equal(t, []string{"201,202"}, log[1].Query["mailboxes"])
	assert.Equal(t, clock.Now(), log[1].Time)
	assert.Equal(t, 200, log[1].Status)
	assert.Equal(t, 1, srv.TokenRequests())
}

// TestConnectionsReused checks that sequential calls share one connection.
func TestConnectionsReused(t *testing.T) {
	srv, c := start(t)
	for range 10 {
		_, err := c.GetHappiness(context.Background(), reports.HappinessParams{})
		require.NoError(t, err)
	}
	assert.Equal(t, 1, srv.Connections())
}

// TestKnobsUnderLoad turns the knobs while goroutines call the server (run
// with -race). The faults fail three attempts in all and the tokens expire
// once, so with the SDK's three retries and its replay after a 401 every call
// still succeeds, whichever calls the faults hit.
func TestKnobsUnderLoad(t *testing.T) {
	srv, c := start(t)
	const workers, calls = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*calls)
	for range workers {
		wg.Go(func() {
			for range calls {
				_, err := c.GetConversationsNewConversations(context.Background(), reports.ConversationsNewConversationsParams{})
				errs <- err
			}
		})
	}
	wg.Go(func() {
		for _, knob := range []func(){
			func() { srv.FailNext(1, http.StatusBadGateway) },
			func() { srv.SetLatency(time.Millisecond) },
			srv.ExpireTokens,
			func() { srv.CutNext(1) },
			func() { srv.SetLatency(0) },
			func() { srv.FailNext(1, http.StatusServiceUnavailable) },
		} {
			knob()
			_ = srv.Requests()
			time.Sleep(2 * time.Millisecond)
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.GreaterOrEqual(t, len(reportPaths(srv)), workers*calls)
}

// TestDefaultNow checks the present a server has unless WithNow says
// otherwise, and that WithNow keeps whole seconds.
func TestDefaultNow(t *testing.T) {
	srv, _ := start(t)
	assert.Equal(t, time.Date(2026, 11, 26, 15, 4, 5, 0, time.UTC), reportstest.DefaultNow())
	assert.Equal(t, reportstest.DefaultNow(), srv.Now())
	other, _ := start(t, reportstest.WithNow(time.Date(2025, 3, 1, 8, 0, 0, 999, time.FixedZone("X", 3600))))
	assert.Equal(t, time.Date(2025, 3, 1, 7, 0, 0, 0, time.UTC), other.Now())
}
