package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun runs the example against the fake API and checks that it printed
// every conversation of the drilldown, in order, and a summary that adds up.
func TestRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), &stdout, &stderr, demoEnv))
	assert.Contains(t, stderr.String(), "fake API")

	srv := reportstest.NewServer()
	defer srv.Close()
	end := srv.Now()
	first, err := srv.Client().GetConversationsDrilldown(context.Background(), reports.ConversationsDrilldownParams{
		Dates: reports.Dates{Start: end.AddDate(0, 0, -7), End: end},
	})
	require.NoError(t, err)
	count := first.Conversations.Count
	require.Greater(t, first.Conversations.Pages, 1, "the walk crosses pages")

	var rows []string
	for _, line := range strings.Split(stdout.String(), "\n") {
		if strings.HasPrefix(line, "#") {
			rows = append(rows, line)
		}
	}
	require.Len(t, rows, count)
	for i, conv := range first.Conversations.Results {
		assert.True(t, strings.HasPrefix(rows[i], fmt.Sprintf("#%-7d %-6s %-8s", conv.Number, conv.Type, conv.Status)), rows[i])
	}
	assert.Contains(t, stdout.String(), fmt.Sprintf("\n%d conversations: ", count))

	var active, pending, closed, email, chat, phone int
	_, err = fmt.Sscanf(stdout.String()[strings.LastIndex(stdout.String(), "conversations: "):],
		"conversations: %d active, %d pending, %d closed; %d email, %d chat, %d phone.", &active, &pending, &closed, &email, &chat, &phone)
	require.NoError(t, err)
	assert.Equal(t, count, active+pending+closed)
	assert.Equal(t, count, email+chat+phone)
}

// demoEnv asks for the fake API, as HELPSCOUT_DEMO=1 in the environment does.
func demoEnv(k string) string {
	if k == "HELPSCOUT_DEMO" {
		return "1"
	}
	return ""
}
