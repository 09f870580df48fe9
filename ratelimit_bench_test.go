package reports_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/require"
)

// The rate-limit benchmark runs against the public fake's fixed-window rate
// limit in real time on loopback (the fake is a real HTTP server). The tests
// of the same behaviour, on a fake clock, are in ratelimit_test.go.

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
