// Command daily prints the company report's headline figures for each of
// the last 14 days, one row a day, in a time zone of your choice:
//
//	HELPSCOUT_DEMO=1 go run ./examples/daily
//	HELPSCOUT_DEMO=1 TZ=Europe/Berlin go run ./examples/daily
//
// The company report has no daily view of its own, so the example cuts the
// range into days (LastDays(...).Split), asks the report once per day
// (Series, a few days at once under the client's pacing) and picks the
// figures out of each answer by their JSON names (Metrics), the names a
// warehouse table or a dashboard would use.
//
// With HELPSCOUT_CLIENT_ID and HELPSCOUT_CLIENT_SECRET set it asks the Help
// Scout API; with HELPSCOUT_DEMO=1 it runs against the fake API of
// package reportstest, in process, and says so on stderr; without either it
// fails.
package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/examples/internal/exampleenv"
)

func main() { exampleenv.Main("daily", run) }

// days is how many whole days the table covers, today left out.
const days = 14

// columns are the figures of a row: a metric's name in the company report's
// JSON, its heading, its decimals, and whether it adds up over days.
var columns = []struct {
	metric, heading string
	decimals        int
	adds            bool
}{
	{"current.customersHelped", "Customers", 0, false}, // one customer on two days is one
	{"current.totalReplies", "Replies", 0, true},
	{"current.closed", "Closed", 0, true},
	{"current.repliesPerDayPerUser", "Per user", 1, false}, // a rate
}

// run prints the table on stdout; notices go to stderr. TZ names the time
// zone of the days (UTC when empty).
func run(ctx context.Context, stdout, stderr io.Writer, getenv func(string) string) error {
	loc, err := time.LoadLocation(getenv("TZ"))
	if err != nil {
		return err
	}
	// Up to 4 days are fetched at once; each call still waits its turn.
	env, err := exampleenv.Open(getenv, stderr, reports.WithPrefetch(4))
	if err != nil {
		return err
	}
	defer env.Close()

	// The last 14 whole days in loc, each from its midnight: a day across
	// a daylight-saving change lasts 23 or 25 hours.
	period := reports.LastDays(env.Now.In(loc), days)
	buckets := period.Split(reports.ViewByDay)

	fmt.Fprintf(stdout, "Company, day by day: %s to %s (%s)\n\n", buckets[0].Start.Format(time.DateOnly),
		buckets[len(buckets)-1].Start.Format(time.DateOnly), loc)
	fmt.Fprintf(stdout, "%-10s", "Day")
	for _, c := range columns {
		fmt.Fprintf(stdout, " %10s", c.heading)
	}
	fmt.Fprintln(stdout)

	totals := make([]float64, len(columns))
	for b, err := range reports.Series(ctx, env.Client, env.Client.GetCompany, reports.CompanyParams{}, buckets) {
		if err != nil {
			return fmt.Errorf("%s: %w", b.Dates.Start.Format(time.DateOnly), err)
		}
		// Every number of the answer by its JSON name.
		figures := map[string]float64{}
		for _, m := range reports.Metrics(b.Result) {
			figures[m.Name] = m.Value
		}
		fmt.Fprintf(stdout, "%-10s", b.Dates.Start.Format("Mon 2 Jan"))
		for i, c := range columns {
			fmt.Fprintf(stdout, " %10.*f", c.decimals, figures[c.metric])
			totals[i] += figures[c.metric]
		}
		fmt.Fprintln(stdout)
	}

	// A total only where the figures add up over the days: for customers
	// helped over the period, ask the report once for all of it.
	fmt.Fprintf(stdout, "\n%-10s", "Total")
	for i, c := range columns {
		if c.adds {
			fmt.Fprintf(stdout, " %10.0f", totals[i])
		} else {
			fmt.Fprintf(stdout, " %10s", "—")
		}
	}
	fmt.Fprintf(stdout, "\n%-10s", "Day mean")
	for i := range columns {
		fmt.Fprintf(stdout, " %10.1f", totals[i]/float64(len(buckets)))
	}
	fmt.Fprintln(stdout)
	return nil
}
