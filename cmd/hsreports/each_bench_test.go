package main

import (
	"context"
	"encoding/json"
	"io"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/reportstest"
)

// BenchmarkEachDay90 is hsreports company --each day over 90 days against
// reportstest with 20 ms of latency a call and no rate limit (bench/README.md):
//
//   - each_prefetch4: the command, in process, as a user runs it (its
//     client asks for up to 4 buckets at once);
//   - sequential: the same 90 calls one after another through the SDK,
//     each answer encoded as the command would, the time --each saves.
//
// Each op is the whole series; the figure to compare is the ratio of the
// two (target ≤ 0.3×).
func BenchmarkEachDay90(b *testing.B) {
	const latency = 20 * time.Millisecond
	srv := reportstest.NewServer(reportstest.WithCredentials("bench-id", "bench-secret"), reportstest.WithNow(testNow), reportstest.WithLatency(latency))
	defer srv.Close()
	env := map[string]string{envClientID: "bench-id", envClientSecret: "bench-secret", envAPIURL: srv.URL}
	start := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 0, 90)
	days := reports.Dates{Start: start, End: end}.Split(reports.ViewByDay)
	if len(days) != 90 {
		b.Fatalf("%d days", len(days))
	}

	b.Run("each_prefetch4", func(b *testing.B) {
		args := []string{"company", "--start", start.Format(time.DateOnly), "--end", end.Format(time.DateOnly), "--each", "day", "--format", "ndjson", "--quiet"}
		for b.Loop() {
			s := &cmdutil.IOStreams{Out: io.Discard, Err: io.Discard, Now: time.Now, Clock: testClock}
			if code := run(context.Background(), args, s, func(k string) string { return env[k] }); code != exitOK {
				b.Fatalf("exit %d", code)
			}
		}
	})
	b.Run("sequential", func(b *testing.B) {
		c := srv.Client(reports.WithUserAgent("hsreports"))
		for b.Loop() {
			for _, d := range days {
				r, err := c.GetCompany(context.Background(), reports.CompanyParams{Dates: d})
				if err != nil {
					b.Fatal(err)
				}
				if err := json.NewEncoder(io.Discard).Encode(r); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
