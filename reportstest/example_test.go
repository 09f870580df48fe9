package reportstest_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
)

func ExampleNewServer() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()

	res, err := client.GetConversations(context.Background(), reports.ConversationsParams{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.0f conversations from %s to %s\n", res.Current.TotalConversations,
		res.Current.StartDate.Format(time.DateOnly), res.Current.EndDate.Format(time.DateOnly))
	// Output:
	// 116 conversations from 2026-11-19 to 2026-11-26
}

func ExampleServer_FailNext() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client(reports.WithRetryBackoff(time.Millisecond, 10*time.Millisecond))

	// The next two report calls fail with 503; the SDK retries them.
	srv.FailNext(2, http.StatusServiceUnavailable)
	if _, err := client.GetHappiness(context.Background(), reports.HappinessParams{}); err != nil {
		log.Fatal(err)
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Status)
	}
	// Output:
	// POST /v2/oauth2/token 200
	// GET /v2/reports/happiness 503
	// GET /v2/reports/happiness 503
	// GET /v2/reports/happiness 200
}

func ExampleServer_SetRateLimit() {
	// A clock that stands still keeps the three calls in one window.
	clock := func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }
	srv := reportstest.NewServer(reportstest.WithClock(clock))
	defer srv.Close()
	client := srv.Client(reports.WithMaxRetries(0))

	srv.SetRateLimit(2, time.Minute)
	for range 3 {
		_, err := client.GetCompany(context.Background(), reports.CompanyParams{})
		fmt.Printf("remaining %d, error: %v\n", client.RateLimit().Remaining, err)
	}
	fmt.Println("429 answers:", srv.Throttled())
	// Output:
	// remaining 1, error: <nil>
	// remaining 0, error: <nil>
	// remaining 0, error: reports: GET /v2/reports/company: 429 Too Many Requests: API rate limit exceeded
	// 429 answers: 1
}
