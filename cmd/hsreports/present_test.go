package main

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/root"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAnyPresent runs a slice of the suite (a report in every format,
// --each, --metrics, a paged walk, a short sync and an MCP call) at several
// presents, the fake's and the command's clock pinned together: the suite
// does not depend on the day it runs. The presents are a day after a short
// February, a leap day and a year's last day, each a little after midnight
// (UTC, and in Berlin, where the day began an hour earlier), and the demo
// data, whose present follows the clock.
func TestAnyPresent(t *testing.T) {
	for _, day := range []string{"2026-11-26", "2027-03-01", "2028-02-29", "2030-12-31"} {
		for _, hhmm := range []string{"00:30", "23:30"} {
			present, err := time.Parse(time.RFC3339, day+"T"+hhmm+":00Z")
			require.NoError(t, err)
			t.Run(day+"T"+hhmm, func(t *testing.T) {
				_, env := fakeAPI(t, reportstest.WithNow(present))
				for _, e := range []map[string]string{env, demo} {
					presentSlice(t, present, e)
				}
			})
		}
	}
}

// presentSlice is TestAnyPresent's slice of the suite at present, against
// the fake of env (a server of that present, or the demo data).
func presentSlice(t *testing.T, present time.Time, env map[string]string) {
	for _, format := range formats {
		for _, rng := range [][]string{nil, {"--last", "7d"}, {"--last", "1m", "--compare-to", "month"}, {"--last", "1w", "--tz", "Europe/Berlin"}} {
			args := append([]string{"company", "--format", format}, rng...)
			r := hsAt(t, present, env, args...)
			require.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
			assertParses(t, format, r.stdout)
			if format == formatJSON {
				var v struct {
					Current struct {
						CustomersHelped float64 `json:"customersHelped"`
					} `json:"current"`
				}
				require.NoError(t, json.Unmarshal([]byte(r.stdout), &v))
				assert.Positive(t, v.Current.CustomersHelped, "%v: the range has data", args)
			}
		}
	}

	r := hsAt(t, present, env, "conversations", "drilldown", "--last", "7d", "--rows", "50", "--all", "--format", "csv")
	require.Equal(t, exitOK, r.code, r.stderr)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	assert.Greater(t, len(rows), 50, "a week's conversations, over more than one page")

	r = hsAt(t, present, env, "company", "--last", "4w", "--each", "week", "--format", "ndjson")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Len(t, ndjsonLines(t, r.stdout), 4, "four whole weeks")

	r = hsAt(t, present, env, "happiness", "--last", "2m", "--each", "month", "--metrics", "--format", "csv")
	require.Equal(t, exitOK, r.code, r.stderr)
	rows, err = csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	require.Greater(t, len(rows), 2)
	starts := map[string]bool{}
	for _, row := range rows[1:] {
		require.Len(t, row, 5)
		starts[row[1]] = true
	}
	assert.Len(t, starts, 2, "two whole months")

	db := openTestDB(t, "sqlite:"+filepath.Join(t.TempDir(), "m.db"))
	r = hsAt(t, present, env, "sync", "--db", db.url, "--last", "3d", "--reports", "company")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, 3, db.count(t, `SELECT count(*) FROM hsreports_buckets`), "three whole days")
	assert.Positive(t, db.count(t, `SELECT count(*) FROM metrics WHERE metric = 'customersHelped' AND value > 0`))

	a := &cmdutil.App{IO: &cmdutil.IOStreams{Out: io.Discard, Err: io.Discard, Now: time.Now, Clock: func() time.Time { return present }}, Getenv: func(k string) string { return env[k] }}
	require.NoError(t, root.NewCmd(a).PersistentFlags().Parse(nil))
	cs := mcpConnect(t, a)
	res, text := mcpCall(t, cs, "company", map[string]any{"last": "7d"})
	require.False(t, res.IsError, text)
	assert.Contains(t, text, "customers helped")
}
