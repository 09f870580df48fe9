package reports_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A bulk job against the fake API's fixed-window rate limit, as the API
// counts its per-minute budget, scaled down to seconds. These run in real
// time on loopback (the fake is a real HTTP server); the deterministic
// versions on a fake clock are in client_test.go.

// bulkJob makes calls GetConversations calls from workers goroutines and
// returns the errors and how long the job took.
func bulkJob(ctx context.Context, c *reports.Client, calls, workers int) ([]error, time.Duration) {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		next atomic.Int64
	)
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for next.Add(1) <= int64(calls) {
				if _, err := c.GetConversations(ctx, reports.ConversationsParams{}); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return errs, time.Since(start)
}

// reportCalls counts the report requests the server received.
func reportCalls(srv *reportstest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Path != "/v2/oauth2/token" {
			n++
		}
	}
	return n
}

// TestBulkJobUnderAFixedWindow: with WithRateLimit set to the server's limit
// a burst is paced so that the server answers not a single 429, and with
// retries off no call fails; without the limiter the 429s come, and a single
// retry still delivers every call.
func TestBulkJobUnderAFixedWindow(t *testing.T) {
	// 20 calls per 2-second window: the limiter's 3% headroom is 60 ms a
	// window, far more than loopback jitter.
	const limit, window, calls, workers = 20, 2 * time.Second, 50, 8
	perMinute := int(limit * time.Minute / window)

	t.Run("limiter", func(t *testing.T) {
		t.Parallel()
		srv := reportstest.NewServer(reportstest.WithRateLimit(limit, window))
		defer srv.Close()
		c := srv.Client(reports.WithRateLimit(perMinute), reports.WithMaxRetries(0))

		errs, _ := bulkJob(t.Context(), c, calls, workers)

		assert.Empty(t, errs, "no call fails, although none may be retried")
		assert.Zero(t, srv.Throttled(), "the server answered no 429")
		assert.Equal(t, calls, reportCalls(srv), "one request per call")
		assert.Equal(t, 1, srv.TokenRequests())
	})
	t.Run("retries only", func(t *testing.T) {
		t.Parallel()
		srv := reportstest.NewServer(reportstest.WithRateLimit(limit, window))
		defer srv.Close()
		// One retry is enough: when the pause ends, the calls a 429 turned
		// away go before new ones.
		c := srv.Client(reports.WithMaxRetries(1))

		errs, _ := bulkJob(t.Context(), c, calls, workers)

		assert.Empty(t, errs, "the retries on 429 deliver every call")
		assert.Positive(t, srv.Throttled(), "unpaced, the burst overruns the window")
		assert.Equal(t, calls+srv.Throttled(), reportCalls(srv), "every 429 was retried")
		rl := c.RateLimit()
		assert.Equal(t, limit, rl.Limit, "the client reports the server's limit")
	})
}

// BenchmarkRateLimitUtilisation runs the bulk job, 600 calls from 8
// goroutines against a fixed window of 20 calls a second, with the limiter
// set to the server's limit and without it. It reports the throughput as a
// share of the allowed rate (util_%), the 429s the server answered
// (server_429s) and the calls that failed (failed). Each run takes about 30
// seconds: use -benchtime 1x.
func BenchmarkRateLimitUtilisation(b *testing.B) {
	const limit, calls, workers = 20, 600, 8
	for _, bc := range []struct {
		name string
		opts []reports.Option
	}{
		{"limiter", []reports.Option{reports.WithRateLimit(limit * 60)}},
		{"retries_only", nil},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var util, throttled, failed float64
			runs := 0
			for b.Loop() {
				srv := reportstest.NewServer(reportstest.WithRateLimit(limit, time.Second))
				c := srv.Client(bc.opts...)
				_, err := c.Token(b.Context())
				require.NoError(b, err)

				errs, took := bulkJob(b.Context(), c, calls, workers)

				util += float64(calls) / took.Seconds() / limit * 100
				throttled += float64(srv.Throttled())
				failed += float64(len(errs))
				runs++
				srv.Close()
			}
			b.ReportMetric(util/float64(runs), "util_%")
			b.ReportMetric(throttled/float64(runs), "server_429s")
			b.ReportMetric(failed/float64(runs), "failed")
		})
	}
}
