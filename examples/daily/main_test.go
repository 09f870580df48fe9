package main

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun runs the example against the fake API, in UTC and in Berlin, and
// checks the table: a row for each of the 14 days before the fake's
// present, in order, whose figures are those the company report gives for
// that day asked on its own, then totals and means that add up.
func TestRun(t *testing.T) {
	for _, zone := range []string{"", "Europe/Berlin"} {
		t.Run(zone, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			require.NoError(t, run(context.Background(), &stdout, &stderr, env(zone)))
			assert.Contains(t, stderr.String(), "fake API")
			loc, err := time.LoadLocation(zone)
			require.NoError(t, err)

			srv := reportstest.NewServer()
			defer srv.Close()
			c := srv.Client()
			today := reports.Day(srv.Now().In(loc))
			first := reports.Day(today.Start.AddDate(0, 0, -days).Add(time.Hour))

			lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
			require.Len(t, lines, 3+days+3, stdout.String())
			assert.Equal(t, fmt.Sprintf("Company, day by day: %s to %s (%s)", first.Start.Format(time.DateOnly),
				today.Start.AddDate(0, 0, -1).Format(time.DateOnly), loc), lines[0])
			assert.Equal(t, "Day         Customers    Replies     Closed   Per user", lines[2])
			var sums [4]float64
			day := first
			for i, line := range lines[3 : 3+days] {
				f := strings.Fields(line)
				require.Len(t, f, 7, line)
				assert.Equal(t, day.Start.Format("Mon 2 Jan"), strings.Join(f[:3], " "), "row %d", i)
				r, err := c.GetCompany(context.Background(), reports.CompanyParams{Dates: day})
				require.NoError(t, err)
				want := []float64{r.Current.CustomersHelped, r.Current.TotalReplies, r.Current.Closed, r.Current.RepliesPerDayPerUser}
				for k := range want {
					got, err := strconv.ParseFloat(f[3+k], 64)
					require.NoError(t, err, line)
					assert.InDelta(t, want[k], got, 0.05, "%s, %s", line, columns[k].heading)
					sums[k] += got
				}
				day = reports.Day(day.End)
			}
			assert.True(t, day.Start.Equal(today.Start), "the days end where today starts")
			assert.Equal(t, fmt.Sprintf("Total               —%11.0f%11.0f          —", sums[1], sums[2]), lines[len(lines)-2])
			assert.Contains(t, lines[len(lines)-1], fmt.Sprintf("%.1f", sums[1]/days))
		})
	}
}

// TestRunBadZone: a zone that does not exist is an error, before any call.
func TestRunBadZone(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), &stdout, &stderr, env("Nowhere/Atlantis"))
	assert.ErrorContains(t, err, "Nowhere/Atlantis")
	assert.Empty(t, stdout.String())
}

// env asks for the fake API, as HELPSCOUT_DEMO=1 in the environment does,
// with TZ set to zone.
func env(zone string) func(string) string {
	return func(k string) string {
		switch k {
		case "HELPSCOUT_DEMO":
			return "1"
		case "TZ":
			return zone
		}
		return ""
	}
}
