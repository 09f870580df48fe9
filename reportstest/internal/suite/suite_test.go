package suite

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
)

// TestMain runs the suite and prints the peak resident memory.
func TestMain(m *testing.M) {
	code := m.Run()
	if status, err := os.ReadFile("/proc/self/status"); err == nil {
		for line := range strings.Lines(string(status)) {
			if strings.HasPrefix(line, "VmHWM:") {
				fmt.Print("peak RSS ", strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "\n")
			}
		}
	}
	os.Exit(code)
}

// TestSuite runs 200 tests as a user's suite would: each starts a server,
// closes it with t.Cleanup, and asks a few reports; the even ones run in
// parallel, so the testing package holds their closed servers until all of
// them are done.
func TestSuite(t *testing.T) {
	for i := range 200 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if i%2 == 0 {
				t.Parallel()
			}
			srv := reportstest.NewServer()
			t.Cleanup(srv.Close)
			c := srv.Client()
			ctx := context.Background()
			month := reports.Dates{Start: srv.Now().AddDate(0, -1, 0), End: srv.Now()}
			conv, err := c.GetConversations(ctx, reports.ConversationsParams{Dates: month})
			if err != nil {
				t.Fatal(err)
			}
			drill, err := c.GetConversationsDrilldown(ctx, reports.ConversationsDrilldownParams{Dates: month, Paging: reports.Paging{Page: 1 + i%5, Rows: 50}})
			if err != nil {
				t.Fatal(err)
			}
			if drill.Conversations.Count != int(conv.Current.TotalConversations) {
				t.Errorf("drilldown count %d, conversations %v", drill.Conversations.Count, conv.Current.TotalConversations)
			}
			if _, err := c.GetCompany(ctx, reports.CompanyParams{}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.GetHappinessRatings(ctx, reports.HappinessRatingsParams{Dates: month}); err != nil {
				t.Fatal(err)
			}
		})
	}
}
