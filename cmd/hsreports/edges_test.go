package main

// The command's edges of issue 26 (items 10, 11, 14, 15): each test fails on
// the code before its fix.

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAllWithNoRows: --all over a range without rows, or from a page past
// the last, writes the usual shape with nothing in it: json the answer with
// empty results, csv its header, ndjson nothing, a table that says so
// (issue 26, item 10). Every paged report, every format.
func TestAllWithNoRows(t *testing.T) {
	_, env := fakeAPI(t)
	for _, r := range catalog {
		if !r.paged {
			continue
		}
		base := append(r.name(), strings.Fields(exampleFlags(r))...)
		for _, rng := range [][]string{{"--start", "2020-01-01", "--end", "2020-01-08"}, {"--last", "7d", "--page", "999"}} {
			for _, format := range formats {
				args := append(append(append([]string{}, base...), rng...), "--all", "--format", format)
				res := hs(t, env, args...)
				require.Equal(t, exitOK, res.code, "%v: %s", args, res.stderr)
				switch format {
				case formatJSON:
					var doc map[string]any
					require.NoError(t, json.Unmarshal([]byte(res.stdout), &doc), "%v: %q", args, res.stdout)
					page, ok := doc["conversations"].(map[string]any)
					if !ok {
						page = doc
					}
					assert.Equal(t, []any{}, page["results"], "%v", args)
				case formatCSV:
					rows, err := csv.NewReader(strings.NewReader(res.stdout)).ReadAll()
					require.NoError(t, err)
					require.Len(t, rows, 1, "%v: the header only", args)
					assert.Contains(t, rows[0], "number", "%v", args)
				case formatNDJSON:
					assert.Empty(t, res.stdout, "%v", args)
				case formatTable:
					assert.Equal(t, "(no rows)\n", res.stdout, "%v", args)
				}
			}
		}
	}
}

// TestColumnsEveryShape: --columns chooses the columns of every output's
// lines, --each's (its bucket's too) and --metrics' included, and its error
// lists the columns that output has (issue 26, item 14).
func TestColumnsEveryShape(t *testing.T) {
	srv, env := fakeAPI(t)
	each := []string{"company", "--start", "2026-11-02", "--end", "2026-11-16", "--each", "week"}
	r := hs(t, env, append(each, "--columns", "bucket.start,current.closed", "--format", "csv")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Equal(t, []string{"bucket.start", "current.closed"}, rows[0])
	assert.Equal(t, "2026-11-09T00:00:00Z", rows[2][0])

	r = hs(t, env, append(each, "--columns", "bucket.end,current.closed", "--format", "ndjson")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	lines := ndjsonLines(t, r.stdout)
	require.Len(t, lines, 2)
	assert.ElementsMatch(t, []string{"bucket.end", "current.closed"}, keys(lines[0]))

	r = hs(t, env, append(each, "--columns", "bucket.start,current.closed", "--format", "table")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Regexp(t, `^BUCKET START +CLOSED\n`, r.stdout)

	metrics := []string{"company", "--last", "7d", "--metrics"}
	r = hs(t, env, append(metrics, "--columns", "metric,value", "--format", "csv")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.True(t, strings.HasPrefix(r.stdout, "metric,value\ncustomersHelped,") || strings.HasPrefix(r.stdout, "metric,value\ncurrent."), r.stdout)

	srv.ClearRequests()
	for _, tc := range []struct {
		args []string
		has  string
	}{
		{append(metrics, "--columns", "current.closed", "--format", "csv"), "the columns: report,start,end,metric,value"},
		{append(each, "--columns", "nope", "--format", "csv"), "bucket.start,bucket.end,filterTags,current.startDate"},
		{[]string{"conversations", "new", "--each", "day", "--last", "3d", "--columns", "nope", "--format", "csv"}, "bucket.start,bucket.end,period,start,count"},
	} {
		r := hs(t, env, tc.args...)
		assert.Equal(t, exitUsage, r.code, tc.args)
		assert.Contains(t, r.stderr, tc.has, tc.args)
	}
	assert.Empty(t, srv.Requests(), "refused before any request")
}

// TestHelpNoEmptyDefault: no flag's help shows an empty default, in any
// command (issue 26, item 15).
func TestHelpNoEmptyDefault(t *testing.T) {
	cmds := [][]string{{"sync"}, {"mcp"}, {"list"}, {"version"}, {}}
	for _, r := range catalog {
		cmds = append(cmds, r.name())
	}
	for _, c := range cmds {
		r := hs(t, nil, append(c, "--help")...)
		require.Equal(t, exitOK, r.code, c)
		assert.NotContains(t, r.stdout, "(default )", c)
		assert.NotContains(t, r.stdout, "(default [])", c)
	}
}

// TestOutOfRangeRefusedBeforeAnyRequest: values beyond what the API takes
// are usage errors (exit 2) before any request, saying what is wrong
// (issue 26, item 12).
func TestOutOfRangeRefusedBeforeAnyRequest(t *testing.T) {
	srv, env := fakeAPI(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"company", "--start", "0001-01-01", "--end", "2026-11-01"}, "first instant of year 1"},
		{[]string{"company", "--start", "0000-06-01", "--end", "2026-11-01"}, "--start"},
		{[]string{"company", "--start", "2026-11-01", "--end", "10000-01-01"}, "--end"},
		{[]string{"company", "--last", "9999m"}, "at most ten years: 120m"},
		{[]string{"company", "--last", "3654d"}, "at most ten years: 3653d"},
		{[]string{"conversations", "drilldown", "--page", "2147483648"}, "--page"},
		{[]string{"company", "drilldown", "--range", "responseTime", "--range-id", "2147483648"}, "--range-id"},
		{[]string{"user", "--user", "9223372036854775807"}, "--user"},
	} {
		r := hs(t, env, tc.args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", tc.args, r.stderr)
		assert.Contains(t, r.stderr, tc.want, tc.args)
	}
	assert.Empty(t, srv.Requests(), "refused before any request")
	r := hs(t, env, "company", "--last", "3653d", "--format", "json")
	assert.Equal(t, exitOK, r.code, "ten years is taken: %s", r.stderr)
}

// TestSyncTimeout: sync runs the global checks: --timeout bounds the whole
// run (a hung nightly job must not hold the lock through the next night),
// and a negative one is refused (issue 27).
func TestSyncTimeout(t *testing.T) {
	_, env := fakeAPI(t, reportstest.WithLatency(2*time.Second))
	db := filepath.Join(t.TempDir(), "m.db")
	r := hs(t, env, "sync", "--db", "sqlite:"+db, "--last", "30d", "--timeout", "300ms")
	assert.Equal(t, exitFailure, r.code, r.stderr)
	assert.Contains(t, r.stderr, "--timeout 300ms")
	r = hs(t, env, "sync", "--db", "sqlite:"+db, "--timeout", "-5s")
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "--timeout must not be negative")
}
