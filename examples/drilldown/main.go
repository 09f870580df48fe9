// Command drilldown walks every conversation created in the last 7 days,
// across all pages of the conversations drilldown, with the
// AllConversationsDrilldown iterator, and sums them up by status and type.
//
//	HELPSCOUT_DEMO=1 go run ./examples/drilldown
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

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/examples/internal/exampleenv"
)

func main() { exampleenv.Main("drilldown", run) }

// run prints one line per conversation and a summary on stdout; notices go
// to stderr.
func run(ctx context.Context, stdout, stderr io.Writer, getenv func(string) string) error {
	env, err := exampleenv.Open(getenv, stderr)
	if err != nil {
		return err
	}
	defer env.Close()

	end := env.Now
	start := end.AddDate(0, 0, -7)
	fmt.Fprintf(stdout, "Conversations created %s to %s UTC, newest first\n\n", start.Format(stamp), end.Format(stamp))
	fmt.Fprintf(stdout, "%-8s %-6s %-8s %-16s %-18s %s\n", "Number", "Type", "Status", "Assigned to", "Customer", "Subject")

	// The iterator fetches the pages one by one, as the loop asks for them
	// (25 conversations a page unless Rows says otherwise).
	byStatus := map[reports.ConversationStatus]int{}
	byType := map[reports.ConversationType]int{}
	n := 0
	params := reports.ConversationsDrilldownParams{Dates: reports.Dates{Start: start, End: end}}
	for conv, err := range env.Client.AllConversationsDrilldown(ctx, params) {
		if err != nil {
			return err
		}
		assignee := "-"
		if conv.AssignedName != nil {
			assignee = *conv.AssignedName
		}
		fmt.Fprintf(stdout, "#%-7d %-6s %-8s %-16s %-18s %s\n", conv.Number, conv.Type, conv.Status, assignee, conv.CustomerName, conv.Subject)
		byStatus[conv.Status]++
		byType[conv.Type]++
		n++
	}

	fmt.Fprintf(stdout, "\n%d conversations: %s; %s.\n", n,
		counts(byStatus, reports.StatusActive, reports.StatusPending, reports.StatusClosed),
		counts(byType, reports.ConversationTypeEmail, reports.ConversationTypeChat, reports.ConversationTypePhone))
	return nil
}

// stamp is how the example prints times.
const stamp = "Mon 2 Jan 15:04"

// counts lists the counts of keys in the given order, as "3 active, 1 closed".
func counts[K ~string](m map[K]int, keys ...K) string {
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}
