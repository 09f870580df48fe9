package reports_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
	_ "time/tzdata" // the examples' zones, whatever the machine has

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

func ExampleDay() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	// The day the clocks went forward in Berlin: 23 hours long.
	d := reports.Day(time.Date(2026, 3, 29, 15, 0, 0, 0, berlin))
	fmt.Println(d.Start, "to", d.End)
	fmt.Println(d.End.Sub(d.Start))
	// Output:
	// 2026-03-29 00:00:00 +0100 CET to 2026-03-30 00:00:00 +0200 CEST
	// 23h0m0s
}

func ExampleWeek() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	// Monday to Sunday, in the zone of the time given; sent in UTC.
	w := reports.Week(time.Date(2026, 11, 26, 9, 30, 0, 0, berlin))
	fmt.Println(w.Start.Format("Mon 2 Jan 15:04 MST"), "to", w.End.Format("Mon 2 Jan 15:04 MST"))
	fmt.Println(w.Start.UTC(), "to", w.End.UTC())
	// Output:
	// Mon 23 Nov 00:00 CET to Mon 30 Nov 00:00 CET
	// 2026-11-22 23:00:00 +0000 UTC to 2026-11-29 23:00:00 +0000 UTC
}

func ExampleMonth() {
	newYork, _ := time.LoadLocation("America/New_York")
	m := reports.Month(time.Date(2026, 11, 26, 9, 30, 0, 0, newYork))
	fmt.Println(m.Start.Format(time.DateOnly), "to", m.End.Format(time.DateOnly))
	// The month before, for a calendar comparison.
	prev := reports.Month(m.Start.AddDate(0, -1, 0))
	fmt.Println(prev.Start.Format(time.DateOnly), "to", prev.End.Format(time.DateOnly))
	// Output:
	// 2026-11-01 to 2026-12-01
	// 2026-10-01 to 2026-11-01
}

func ExampleLastDays() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()
	tokyo, _ := time.LoadLocation("Asia/Tokyo")

	// The last 7 whole days in Tokyo, today left out, compared with the 7
	// days before them.
	week := reports.LastDays(client.Now().In(tokyo), 7)
	company, err := client.GetCompany(context.Background(), reports.CompanyParams{Dates: week, PreviousDates: week.Previous()})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(week.Start.Format(time.DateOnly), "to", week.End.Format(time.DateOnly), "in Tokyo")
	fmt.Printf("customers helped: %.0f, %+.1f%% on the 7 days before\n", company.Current.CustomersHelped, company.Deltas.CustomersHelped)
	// Output:
	// 2026-11-20 to 2026-11-27 in Tokyo
	// customers helped: 80, +27.0% on the 7 days before
}

func ExampleDates_Previous() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	// The week after the clocks went forward: its previous range is the
	// calendar week before, which was an hour shorter.
	week := reports.Week(time.Date(2026, 4, 1, 12, 0, 0, 0, berlin))
	prev := week.Previous()
	fmt.Println(prev.PreviousStart, "to", prev.PreviousEnd)

	// A range that is not whole days: the same length right before.
	hours := reports.Dates{Start: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 26, 17, 30, 0, 0, time.UTC)}
	p := hours.Previous()
	fmt.Println(p.PreviousStart.Format(time.Kitchen), "to", p.PreviousEnd.Format(time.Kitchen))
	// Output:
	// 2026-03-23 00:00:00 +0100 CET to 2026-03-30 00:00:00 +0200 CEST
	// 12:30AM to 9:00AM
}

func ExampleClient_AllConversationsDrilldownPages() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()

	// Pages carry the totals: progress without an extra call.
	params := reports.ConversationsDrilldownParams{Paging: reports.Paging{Rows: 50}}
	done := 0
	for page, err := range client.AllConversationsDrilldownPages(context.Background(), params) {
		if err != nil {
			log.Fatal(err)
		}
		done += len(page.Results)
		fmt.Printf("page %d of %d: %d of %d conversations\n", page.Page, page.Pages, done, page.Count)
	}
	// Output:
	// page 1 of 3: 50 of 116 conversations
	// page 2 of 3: 100 of 116 conversations
	// page 3 of 3: 116 of 116 conversations
}

func ExampleClient_Get() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()

	// Any report path with any query, through the same token, pacing,
	// retries and errors: for what the SDK does not know yet. Here the raw
	// answer of the ratings report, sorted as an older doc page says.
	var raw json.RawMessage
	err := client.Get(context.Background(), "/v2/reports/happiness/ratings", url.Values{
		"start":     {"2026-11-19T00:00:00Z"},
		"end":       {"2026-11-26T00:00:00Z"},
		"sortField": {"rating"},
		"rating":    {"not-good"},
	}, &raw)
	if err != nil {
		log.Fatal(err)
	}
	var page struct{ Count int }
	_ = json.Unmarshal(raw, &page)
	fmt.Println(page.Count, "not-good ratings")

	// A whole URL is refused: the token goes to the API's host only.
	err = client.Get(context.Background(), "https://example.com/v2/reports/company", nil, nil)
	fmt.Println(err != nil)
	// Output:
	// 3 not-good ratings
	// true
}

func ExampleClient_Now() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()

	// The clock the defaults are computed from: with reportstest, the fake
	// data's present, so that code under test computes its ranges from it.
	fmt.Println(client.Now())
	fmt.Println(reports.Day(client.Now()).Start)
	// Output:
	// 2026-11-26 15:04:05 +0000 UTC
	// 2026-11-26 00:00:00 +0000 UTC
}

func ExampleNewWithTokenSource() {
	srv := reportstest.NewServer()
	defer srv.Close()
	ctx := context.Background()

	// An app that acts for another Help Scout account: the token of its
	// authorization-code flow, renewed with the refresh token by x/oauth2.
	cfg := srv.OAuth2Config("https://app.example/callback")
	tok, err := cfg.Exchange(ctx, srv.AuthorizationCode()) // the code the redirect brought
	if err != nil {
		log.Fatal(err)
	}
	client, err := reports.NewWithTokenSource(cfg.TokenSource(ctx, tok), reports.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	end := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	company, err := client.GetCompany(ctx, reports.CompanyParams{Dates: reports.Dates{Start: end.AddDate(0, 0, -7), End: end}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.0f customers helped\n", company.Current.CustomersHelped)
	// Output:
	// 80 customers helped
}

func ExampleDates_Split() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	// Days from midnight in Berlin: the one the clocks went back has 25
	// hours. The first and last buckets are clipped to the range.
	d := reports.Dates{Start: time.Date(2026, 10, 24, 18, 0, 0, 0, berlin), End: time.Date(2026, 10, 26, 6, 0, 0, 0, berlin)}
	for _, b := range d.Split(reports.ViewByDay) {
		fmt.Println(b.Start.Format("Jan 2 15:04"), "to", b.End.Format("Jan 2 15:04"), b.End.Sub(b.Start))
	}
	// Output:
	// Oct 24 18:00 to Oct 25 00:00 6h0m0s
	// Oct 25 00:00 to Oct 26 00:00 25h0m0s
	// Oct 26 00:00 to Oct 26 06:00 6h0m0s
}

func ExampleLastWeeks() {
	newYork, _ := time.LoadLocation("America/New_York")
	now := time.Date(2027, 1, 6, 9, 0, 0, 0, newYork) // a Wednesday
	last := reports.LastWeeks(now, 1)                 // last week, whole: for a weekly digest
	fmt.Println(last.Start.Format("Mon Jan 2"), "to", last.End.Format("Mon Jan 2"))
	four := reports.LastWeeks(now, 4)
	fmt.Println(four.Start.Format("Mon Jan 2 2006"), "to", four.End.Format("Mon Jan 2 2006"))
	// Output:
	// Mon Dec 28 to Mon Jan 4
	// Mon Dec 7 2026 to Mon Jan 4 2027
}

func ExampleLastMonths() {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	q := reports.LastMonths(time.Date(2026, 5, 20, 0, 0, 0, 0, tokyo), 3)
	fmt.Println(q.Start.Format(time.DateOnly), "to", q.End.Format(time.DateOnly))
	for _, m := range q.Split(reports.ViewByMonth) {
		fmt.Print(m.Start.Month(), " ")
	}
	fmt.Println()
	// Output:
	// 2026-02-01 to 2026-05-01
	// February March April
}

func ExampleDates_AddDate() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	march := reports.Month(time.Date(2026, 3, 10, 0, 0, 0, 0, berlin))
	// Month over month and year over year: whole months, whatever their
	// lengths and daylight-saving changes.
	for _, d := range []reports.Dates{march, march.AddDate(0, -1, 0), march.AddDate(-1, 0, 0)} {
		fmt.Println(d.Start.Format(time.DateOnly), "to", d.End.Format(time.DateOnly))
	}
	// A day past the end of the target month becomes its last day.
	jan31 := reports.Day(time.Date(2027, 1, 31, 12, 0, 0, 0, berlin))
	fmt.Println(jan31.AddDate(0, 1, 0).Start.Format(time.DateOnly))
	// Output:
	// 2026-03-01 to 2026-04-01
	// 2026-02-01 to 2026-03-01
	// 2025-03-01 to 2025-04-01
	// 2027-02-28
}

func ExampleDates_Resolve() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()
	now := client.Now()

	// The default range, which zero params send, and its previous range.
	d, _ := reports.Dates{}.Resolve(now)
	p, _ := reports.PreviousDates{}.Resolve(reports.Dates{}, now)
	fmt.Println(d.Start, "to", d.End)
	fmt.Println(p.PreviousStart, "to", p.PreviousEnd)

	// Today so far, even in the first second of the day.
	midnight := reports.Day(now).Start
	today, _ := reports.Dates{Start: midnight}.Resolve(midnight)
	fmt.Println(today.Start, "to", today.End)

	// What a call would refuse, Resolve refuses.
	_, err := reports.Dates{End: now}.Resolve(now)
	fmt.Println(err)
	// Output:
	// 2026-11-19 00:00:00 +0000 UTC to 2026-11-26 15:04:05 +0000 UTC
	// 2026-11-11 08:55:55 +0000 UTC to 2026-11-19 00:00:00 +0000 UTC
	// 2026-11-26 00:00:00 +0000 UTC to 2026-11-26 00:00:01 +0000 UTC
	// invalid params: Start: must be set when End is set
}

func ExamplePreviousDates_Dates() {
	week := reports.Week(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC))
	// The previous range as a range of its own: to fetch it alone, or split it.
	prev := week.Previous().Dates()
	fmt.Println(prev.Start.Format(time.DateOnly), "to", prev.End.Format(time.DateOnly), len(prev.Split(reports.ViewByDay)), "days")
	// Output:
	// 2026-11-16 to 2026-11-23 7 days
}

func ExampleMetrics() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client()

	company, err := client.GetCompany(context.Background(), reports.CompanyParams{})
	if err != nil {
		log.Fatal(err)
	}
	// Every number of the answer, named by its JSON path: a row each for
	// a warehouse table, a gauge each for Prometheus.
	ms := reports.Metrics(company)
	for _, m := range ms[:4] {
		fmt.Printf("%s %g\n", m.Name, m.Value)
	}
	for _, m := range ms {
		if strings.HasPrefix(m.Name, "users.") && strings.HasSuffix(m.Name, ".replies") {
			fmt.Printf("%s %g\n", m.Name, m.Value) // users by their id
			break
		}
	}
	fmt.Println(len(ms), "metrics")
	// Output:
	// current.customersHelped 86
	// current.closed 76
	// current.totalReplies 294
	// current.totalUsers 6
	// users.100101.replies 55
	// 70 metrics
}

func ExampleSeries() {
	srv := reportstest.NewServer()
	defer srv.Close()
	client := srv.Client(reports.WithPrefetch(4)) // up to 4 calls at once, under the pacing
	ctx := context.Background()
	berlin, _ := time.LoadLocation("Europe/Berlin")

	// The company report of each of the last 5 days in Berlin, in order.
	days := reports.LastDays(client.Now().In(berlin), 5).Split(reports.ViewByDay)
	for b, err := range reports.Series(ctx, client, client.GetCompany, reports.CompanyParams{}, days) {
		if err != nil {
			log.Fatalf("%s: %v", b.Dates.Start.Format(time.DateOnly), err)
		}
		fmt.Println(b.Dates.Start.Format("Mon Jan 2"), b.Result.Current.CustomersHelped)
	}
	// Output:
	// Sat Nov 21 8
	// Sun Nov 22 6
	// Mon Nov 23 13
	// Tue Nov 24 17
	// Wed Nov 25 21
}

// callCounter counts the report requests a client sends, retries included.
type callCounter struct {
	next  http.RoundTripper
	calls atomic.Int64
}

func (c *callCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasPrefix(r.URL.Path, "/v2/reports/") {
		c.calls.Add(1)
	}
	return c.next.RoundTrip(r)
}

func ExampleWithTransportWrapper() {
	srv := reportstest.NewServer()
	defer srv.Close()
	// Count the calls without replacing the client's HTTP client: its
	// connections, timeouts, pacing and retries stay as they are.
	counter := &callCounter{}
	client := srv.Client(reports.WithTransportWrapper(func(next http.RoundTripper) http.RoundTripper {
		counter.next = next
		return counter
	}))
	days := reports.LastDays(client.Now(), 3).Split(reports.ViewByDay)
	for _, err := range reports.Series(context.Background(), client, client.GetCompany, reports.CompanyParams{}, days) {
		if err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(counter.calls.Load(), "report calls")
	// Output:
	// 3 report calls
}
