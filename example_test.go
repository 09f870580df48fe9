package reports_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
)

// The examples run against reportstest, the package's fake API, so that
// their output is real and checked. With a real app, pass its credentials to
// reports.New and leave out WithBaseURL.

func ExampleNew() {
	srv := reportstest.NewServer() // the fake API; use the real one in production
	defer srv.Close()

	client, err := reports.New(reportstest.ClientID, reportstest.ClientSecret, reports.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	// Fetching the token up front makes wrong credentials fail at start-up.
	if _, err := client.Token(ctx); err != nil {
		log.Fatal(err)
	}
	end := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	company, err := client.GetCompany(ctx, reports.CompanyParams{
		Dates: reports.Dates{Start: end.AddDate(0, 0, -7), End: end},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s to %s: %.0f customers helped, %.0f replies\n",
		company.Current.StartDate.Format(time.DateOnly), company.Current.EndDate.Format(time.DateOnly),
		company.Current.CustomersHelped, company.Current.TotalReplies)
	// Output:
	// 2026-11-19 to 2026-11-26: 80 customers helped, 268 replies
}

func ExampleClient_GetCompany() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client() // its clock reads the fake data's present

	// With no dates the report covers the last 7 days (from UTC midnight 7
	// days ago until now) and compares them with the range of the same length
	// right before.
	company, err := client.GetCompany(context.Background(), reports.CompanyParams{})
	if err != nil {
		log.Fatal(err)
	}
	cur, prev := company.Current, company.Previous
	fmt.Printf("customers helped: %.0f (previously %.0f, %+.1f%%)\n", cur.CustomersHelped, prev.CustomersHelped, company.Deltas.CustomersHelped)
	fmt.Printf("replies per day:  %.1f (previously %.1f, %+.1f%%)\n", cur.RepliesPerDay, prev.RepliesPerDay, company.Deltas.RepliesPerDay)
	for _, u := range company.Users[:2] {
		fmt.Printf("%s: %.0f replies\n", u.Name, u.Replies)
	}
	// Output:
	// customers helped: 86 (previously 78, +10.3%)
	// replies per day:  42.0 (previously 39.1, +7.3%)
	// Maya Patel: 55 replies
	// Jonas Berg: 61 replies
}

func ExampleClient_AllCompanyDrilldown() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()

	// Every conversation resolved on the first reply in the last 7 days,
	// across all pages: the iterator fetches the next page when the loop
	// needs it.
	n := 0
	params := reports.CompanyDrilldownParams{Range: reports.RangeFirstReplyResolved, Paging: reports.Paging{Rows: 10}}
	for conv, err := range client.AllCompanyDrilldown(context.Background(), params) {
		if err != nil {
			log.Fatal(err)
		}
		if n < 3 {
			fmt.Printf("#%d %s %q\n", conv.Number, conv.Type, conv.Subject)
		}
		n++
	}
	fmt.Println(n, "conversations")
	// Output:
	// #14812 email "Update my billing address"
	// #14809 email "Sync stopped working"
	// #14800 email "Need help with my account"
	// 28 conversations
}

func ExampleClient_GetConversationsNewConversations() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()

	series, err := client.GetConversationsNewConversations(context.Background(), reports.ConversationsNewConversationsParams{
		Dates:  reports.Dates{Start: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), End: srv.Now()},
		ViewBy: reports.ViewByDay,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range series.Current {
		fmt.Printf("%s %3.0f\n", p.Start.Format("Mon 2 Jan"), p.Count)
	}
	// Output:
	// Fri 20 Nov  17
	// Sat 21 Nov   5
	// Sun 22 Nov   5
	// Mon 23 Nov  16
	// Tue 24 Nov  17
	// Wed 25 Nov  20
	// Thu 26 Nov  15
}

func ExampleAPIError() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()

	// The response-time ranges have ids 1 to 10: the API refuses 99.
	_, err := client.GetCompanyDrilldown(context.Background(), reports.CompanyDrilldownParams{
		Range:   reports.RangeResponseTime,
		RangeID: 99,
	})
	var apiErr *reports.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
		for _, fe := range apiErr.Errors {
			fmt.Printf("%s=%v: %s\n", fe.Path, fe.RejectedValue, fe.Message)
		}
	}

	// Statuses with a meaning of their own match a sentinel.
	_, err = client.GetUser(context.Background(), reports.UserParams{User: 12345})
	fmt.Println(errors.Is(err, reports.ErrNotFound))
	// Output:
	// 400 Bad request
	// rangeId=99: range responseTime has ids 1 to 10
	// true
}
