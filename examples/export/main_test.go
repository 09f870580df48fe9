package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun runs the example against the fake API and checks the CSV: the
// header, one row per rating of the happiness report, in rating order.
func TestRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), &stdout, &stderr, demoEnv))
	assert.Contains(t, stderr.String(), "fake API", "the notice goes to stderr, not into the CSV")

	rows, err := csv.NewReader(&stdout).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, rows)
	assert.Equal(t, header, rows[0])
	rows = rows[1:]

	srv := reportstest.NewServer()
	defer srv.Close()
	happy, err := srv.Client().GetHappiness(context.Background(), reports.HappinessParams{
		Dates: reports.Dates{Start: srv.Now().AddDate(0, 0, -30), End: srv.Now()},
	})
	require.NoError(t, err)
	require.Greater(t, happy.Current.RatingsCount, 50.0, "more than one page")
	require.Len(t, rows, int(happy.Current.RatingsCount))

	scores := map[string]float64{}
	var last time.Time
	for _, row := range rows {
		require.Len(t, row, len(header))
		scores[row[3]]++
		at, err := time.Parse(time.RFC3339, row[4])
		require.NoError(t, err)
		assert.False(t, at.Before(last), "sorted by rating time")
		last = at
		assert.NotEmpty(t, row[6], "customer name")
		assert.NotEmpty(t, row[8], "user name")
	}
	assert.Equal(t, map[string]float64{"great": happy.Current.GreatCount, "okay": happy.Current.OkayCount, "not good": happy.Current.NotGoodCount}, scores)
}

// TestNullCells checks that null values become empty cells.
func TestNullCells(t *testing.T) {
	assert.Empty(t, str[reports.ConversationType](nil))
	assert.Empty(t, id(nil))
	assert.Empty(t, timestamp(nil))
	typ := reports.ConversationTypeChat
	assert.Equal(t, "chat", str(&typ))
}

// demoEnv asks for the fake API, as HELPSCOUT_DEMO=1 in the environment does.
func demoEnv(k string) string {
	if k == "HELPSCOUT_DEMO" {
		return "1"
	}
	return ""
}
