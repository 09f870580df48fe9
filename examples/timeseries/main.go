// Command timeseries draws the new conversations per day of the last 30
// days as a bar chart in the terminal.
//
//	HELPSCOUT_DEMO=1 go run ./examples/timeseries
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
	"strings"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/examples/internal/exampleenv"
)

func main() { exampleenv.Main("timeseries", run) }

// days is how many days the chart covers, today included.
const days = 30

// width is the length of the longest bar, in characters.
const width = 50

// run draws the chart on stdout; notices go to stderr.
func run(ctx context.Context, stdout, stderr io.Writer, getenv func(string) string) error {
	env, err := exampleenv.Open(getenv, stderr)
	if err != nil {
		return err
	}
	defer env.Close()

	end := env.Now
	y, m, d := end.Date()
	start := time.Date(y, m, d-(days-1), 0, 0, 0, 0, time.UTC)
	series, err := env.Client.GetConversationsNewConversations(ctx, reports.ConversationsNewConversationsParams{
		Dates:  reports.Dates{Start: start, End: end},
		ViewBy: reports.ViewByDay,
	})
	if err != nil {
		return err
	}

	var total, most float64
	busiest := 0
	for i, p := range series.Current {
		total += p.Count
		if p.Count > most {
			most, busiest = p.Count, i
		}
	}
	fmt.Fprintf(stdout, "New conversations per day, %s to %s (UTC)\n\n", start.Format(title), end.Format(title))
	for _, p := range series.Current {
		fmt.Fprintf(stdout, "%s  %-*s %3.0f\n", p.Start.Format(day), width, bar(p.Count, most), p.Count)
	}
	if len(series.Current) == 0 {
		return nil
	}
	fmt.Fprintf(stdout, "\nTotal %.0f, %.1f a day; busiest %s with %.0f.\n",
		total, total/float64(len(series.Current)), series.Current[busiest].Start.Format(title), most)
	return nil
}

// How the example prints dates: in the title, and aligned before the bars.
const (
	title = "Mon 2 Jan"
	day   = "Mon _2 Jan"
)

// eighths are the block characters of 1/8 to 7/8 of a cell.
var eighths = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// bar draws v against most as a bar of up to width cells, to an eighth of a
// cell.
func bar(v, most float64) string {
	if most <= 0 || v <= 0 {
		return ""
	}
	n := int(v / most * width * 8)
	return strings.Repeat("█", n/8) + eighths[n%8]
}
