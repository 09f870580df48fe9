// Command livecheck compares a Help Scout account's report answers with the
// SDK's result types and prints where they disagree (see internal/drift):
//
//	HELPSCOUT_CLIENT_ID=... HELPSCOUT_CLIENT_SECRET=... go run ./internal/livecheck
//
// It calls each of the 32 reports once over the last 7 whole days (UTC),
// with the 7 days before as the previous range and viewBy=day: the user
// reports with the first user of the company report, the fields drilldown
// with a tag (or customer, saved reply, workflow) of the conversations
// report. Then it calls the first page of each of the 4 lists that name
// what the reports filter on (users, mailboxes, the first mailbox's
// folders, tags). That is 37 requests with the token, at most 45 with
// retries, paced at 30 a minute so that it leaves the account's budget to
// others.
//
// Without both variables it says so and exits 0. It exits 1 when a value did
// not decode into the model (a wrong type, or null where the model has no
// room for it), 2 when it could not check (bad credentials, or no report
// answered), 0 otherwise. The report holds key names and JSON types, never
// the account's values, tokens or secrets.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/internal/drift"
)

// The environment variables that hold the OAuth2 app's credentials.
const (
	envClientID     = "HELPSCOUT_CLIENT_ID"
	envClientSecret = "HELPSCOUT_CLIENT_SECRET"
)

const (
	maxRequests = 45 // all told, the token and retries included
	perMinute   = 30
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run is the program; opts come after its own client options (tests point
// it at a fake API). It returns the exit status.
func run(ctx context.Context, stdout, stderr io.Writer, getenv func(string) string, opts ...reports.Option) int {
	id, secret := getenv(envClientID), getenv(envClientSecret)
	switch {
	case id == "" && secret == "":
		fmt.Fprintf(stderr, "livecheck: skipped: set %s and %s to compare your account's answers with the SDK's models\n", envClientID, envClientSecret)
		return 0
	case id == "" || secret == "":
		fmt.Fprintf(stderr, "livecheck: set both %s and %s\n", envClientID, envClientSecret)
		return 2
	}

	rec := &drift.Recorder{Max: maxRequests}
	client, err := reports.New(id, secret, append([]reports.Option{
		reports.WithHTTPClient(&http.Client{Transport: rec, Timeout: reports.DefaultAttemptTimeout}),
		reports.WithRateLimit(perMinute),
		reports.WithMaxRetries(2),
		reports.WithUserAgent("livecheck"),
	}, opts...)...)
	if err != nil {
		fmt.Fprintln(stderr, "livecheck:", err)
		return 2
	}
	if _, err := client.Token(ctx); err != nil {
		fmt.Fprintln(stderr, "livecheck:", err)
		return 2
	}

	dates := reports.LastDays(client.Now().UTC(), 7)
	args := drift.Args{Dates: dates, Previous: dates.Previous(), ViewBy: reports.ViewByDay}
	fmt.Fprintf(stdout, "Comparing the answers of %d reports and %d lists with the SDK's models: %s to %s, previous %s to %s, viewBy day.\n\n",
		len(drift.Reports), len(drift.Lists),
		day(dates.Start), day(dates.End), day(args.Previous.PreviousStart), day(args.Previous.PreviousEnd))
	results := drift.Run(ctx, client, rec, args)
	if err := drift.Write(stdout, results); err != nil {
		fmt.Fprintln(stderr, "livecheck:", err)
		return 2
	}
	fmt.Fprintf(stdout, "%d requests.\n", rec.Sent())

	switch {
	case drift.Failed(results):
		fmt.Fprintln(stderr, "livecheck: some values did not decode into the models (marked !)")
		return 1
	case !compared(results):
		fmt.Fprintln(stderr, "livecheck: no report answered: nothing was compared")
		return 2
	case errors.Is(ctx.Err(), context.Canceled):
		return 2
	}
	return 0
}

// compared reports whether any answer was compared.
func compared(results []drift.Result) bool {
	for _, r := range results {
		if r.Findings != nil {
			return true
		}
	}
	return false
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }
