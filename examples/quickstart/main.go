// Command quickstart prints the company overview of the last 7 days against
// the 7 days before, as a table, and the replies of each user.
//
//	HELPSCOUT_DEMO=1 go run ./examples/quickstart
//
// With HELPSCOUT_CLIENT_ID and HELPSCOUT_CLIENT_SECRET set it asks the Help
// Scout API; with HELPSCOUT_DEMO=1 it runs against the fake API of
// package reportstest, in process, and says so on stderr; without either it
// fails.
package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/examples/internal/exampleenv"
)

func main() { exampleenv.Main("quickstart", run) }

// run prints the overview on stdout; notices go to stderr.
func run(ctx context.Context, stdout, stderr io.Writer, getenv func(string) string) error {
	env, err := exampleenv.Open(getenv, stderr)
	if err != nil {
		return err
	}
	defer env.Close()

	// No dates: the SDK's default range, the last 7 days until now from
	// midnight UTC, compared with the range of the same length before (see
	// reports.Dates). hsreports company gives the same figures.
	report, err := env.Client.GetCompany(ctx, reports.CompanyParams{})
	if err != nil {
		return err
	}
	rng, err := reports.Dates{}.Resolve(env.Client.Now()) // the range the call sent
	if err != nil {
		return err
	}
	start, end := rng.Start.UTC(), rng.End.UTC()
	cur, prev, delta := report.Current, report.Previous, report.Deltas
	if prev == nil || delta == nil {
		return fmt.Errorf("the API sent no previous period")
	}

	fmt.Fprintf(stdout, "Company overview, %s to %s UTC, against the 7 days before\n\n", start.Format(stamp), end.Format(stamp))
	fmt.Fprintf(stdout, "%-26s %12s %16s %8s\n", "", "Last 7 days", "Previous 7 days", "Change")
	for _, row := range []struct {
		name              string
		cur, prev, change float64
		decimals          int
	}{
		{"Customers helped", cur.CustomersHelped, prev.CustomersHelped, delta.CustomersHelped, 0},
		{"Replies sent", cur.TotalReplies, prev.TotalReplies, delta.TotalReplies, 0},
		{"Conversations closed", cur.Closed, prev.Closed, delta.Closed, 0},
		{"Users who replied", cur.TotalUsers, prev.TotalUsers, delta.TotalUsers, 0},
		{"Replies per day", cur.RepliesPerDay, prev.RepliesPerDay, delta.RepliesPerDay, 1},
		{"Replies per day per user", cur.RepliesPerDayPerUser, prev.RepliesPerDayPerUser, delta.RepliesPerDayPerUser, 1},
	} {
		fmt.Fprintf(stdout, "%-26s %12.*f %16.*f %+7.1f%%\n", row.name, row.decimals, row.cur, row.decimals, row.prev, row.change)
	}

	users := slices.Clone(report.Users)
	slices.SortStableFunc(users, func(a, b reports.CompanyUser) int { return cmp.Compare(b.Replies, a.Replies) })
	fmt.Fprintf(stdout, "\n%-26s %12s %16s %12s %10s\n", "Replies by user", "Replies", "Customers", "Handle time", "Happiness")
	for _, u := range users {
		fmt.Fprintf(stdout, "%-26s %12.0f %16.0f %12s %10.1f\n", u.Name, u.Replies, u.CustomersHelped, seconds(u.HandleTime), u.HappinessScore)
	}
	return nil
}

// stamp is how the example prints times.
const stamp = "Mon 2 Jan 15:04"

// seconds prints a duration in seconds as minutes and seconds.
func seconds(s float64) string {
	return (time.Duration(s) * time.Second).Round(time.Second).String()
}
