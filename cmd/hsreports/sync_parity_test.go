package main

// The faces agree: sync's stored rows are --each day --metrics' rows, and
// the README's SQL answers alike whatever mix of --each and --tz was synced.

import (
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	hssync "github.com/helpscout-go/reports/cmd/hsreports/internal/sync"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// storedByTheRules tells whether a figure of --metrics (its name without
// "current.") is one sync stores: the same rules, from the same infos (not
// a comparison figure, not an id).
func storedByTheRules(infos map[string]hssync.MetricInfo, name string) bool {
	parts := strings.Split(name, ".")
	for pattern, i := range infos {
		segs := strings.Split(pattern, ".")
		if len(segs) != len(parts) {
			continue
		}
		match := true
		for k, s := range segs {
			if s != "*" && s != parts[k] {
				match = false
				break
			}
		}
		if match {
			return !i.Comparison && i.Kind != "id"
		}
	}
	return true
}

func TestSyncEqualsEachDayMetrics(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		_, env := fakeAPI(t)
		rng := []string{"--start", "2026-10-01", "--end", "2026-10-04", "--tz", "Europe/Berlin"}
		r := hs(t, env, append([]string{"sync", "--db", db.url, "--reports", strings.Join(hssync.Sources, ",")}, rng...)...)
		require.Equal(t, exitOK, r.code, r.stderr)
		for _, rep := range reportsOfSync() {
			name := rep.Info().Slug()
			args := append(append(rep.name(), "--each", "day", "--metrics", "--format", "json"), rng...)
			r := hs(t, env, args...)
			require.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
			var rows []struct {
				Report string    `json:"report"`
				Start  time.Time `json:"start"`
				Metric string    `json:"metric"`
				Value  float64   `json:"value"`
			}
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &rows))
			infos := describedMetrics(name)
			var want []string
			for _, m := range rows {
				metric := strings.TrimPrefix(m.Metric, "current.")
				if storedByTheRules(infos, metric) {
					want = append(want, m.Report+"|"+m.Start.UTC().Format(time.RFC3339)+"|"+metric+"|"+strconv.FormatFloat(m.Value, 'g', -1, 64))
				}
			}
			require.NotEmpty(t, want, name)
			var got []string
			for _, l := range db.rows(t, `SELECT report, period_start, metric, value FROM metrics WHERE report = ?`, name) {
				f := strings.Split(l, "|")
				v, err := strconv.ParseFloat(f[3], 64)
				require.NoError(t, err)
				got = append(got, f[0]+"|"+f[1]+"|"+f[2]+"|"+strconv.FormatFloat(v, 'g', -1, 64))
			}
			assert.ElementsMatch(t, want, got, "%s: sync's rows are --each day --metrics' rows, value for value", name)
		}
	})
}

// readmeQueries are the SQL blocks of the README's database section, by
// dialect: each block's first line says which (-- PostgreSQL, -- SQLite).
func readmeQueries(t *testing.T) map[string][]string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	text := string(b)
	start := strings.Index(text, "## A database of your support metrics")
	require.GreaterOrEqual(t, start, 0)
	section := text[start:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	out := map[string][]string{}
	for _, m := range regexp.MustCompile("(?s)```sql\n(.*?)```").FindAllStringSubmatch(section, -1) {
		block := m[1]
		first, _, _ := strings.Cut(block, "\n")
		switch strings.TrimSpace(first) {
		case "-- PostgreSQL":
			out["postgres"] = append(out["postgres"], splitSQL(block)...)
		case "-- SQLite":
			out["sqlite"] = append(out["sqlite"], splitSQL(block)...)
		case "-- Grafana":
			// Grafana's panels run in TestGrafanaDashboard.
		default:
			t.Fatalf("README: an sql block that names no database (-- PostgreSQL or -- SQLite first): %q", first)
		}
	}
	return out
}

// splitSQL splits a block into its statements.
func splitSQL(block string) []string {
	var out []string
	for stmt := range strings.SplitSeq(block, ";") {
		var lines []string
		for l := range strings.SplitSeq(stmt, "\n") {
			if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "--") {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			out = append(out, strings.Join(lines, "\n"))
		}
	}
	return out
}

// atPresent pins a query's "now" to present: the README's queries read the
// clock (now(), current_date, 'now'), the tests' data is at testNow.
func atPresent(q string, postgres bool, present time.Time) string {
	if postgres {
		ts := "'" + present.UTC().Format(time.RFC3339) + "'::timestamptz"
		q = strings.ReplaceAll(q, "now()", ts)
		return strings.ReplaceAll(q, "current_date", "("+ts+" AT TIME ZONE 'UTC')::date")
	}
	return strings.ReplaceAll(q, "'now'", "'"+present.UTC().Format("2006-01-02 15:04:05")+"'")
}

func TestSyncREADMEQueriesAnswerAlikeWhateverWasSynced(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		queries := readmeQueries(t)
		dialect := "sqlite"
		if db.postgres {
			dialect = "postgres"
		}
		require.NotEmpty(t, queries[dialect], "the README has %s queries", dialect)
		_, env := fakeAPI(t)
		days := []string{"--last", "30d", "--reports", "company,productivity,happiness"}
		sync := func(db testDB, args ...string) {
			t.Helper()
			r := hs(t, env, append([]string{"sync", "--db", db.url}, args...)...)
			require.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
		}
		// The days in UTC, and the weeks: what the README asks for.
		plain := openTestDB(t, "sqlite:"+t.TempDir()+"/plain.db")
		if db.postgres {
			plain = db
		}
		mixed := openTestDB(t, "sqlite:"+t.TempDir()+"/mixed.db")
		if db.postgres {
			mixed = newPostgresDB(t)
		}
		sync(plain, days...)
		sync(plain, append(days, "--each", "week", "--last", "6w")...)
		sync(plain, append(days, "--each", "month", "--last", "3m")...)
		// The same, and every other mix: Berlin's days, weeks and months,
		// weeks cut another day, UTC's weeks over another range.
		for _, extra := range [][]string{
			{"--each", "day", "--tz", "Europe/Berlin"},
			{"--each", "week", "--tz", "Europe/Berlin", "--last", "6w"},
			{"--each", "month", "--tz", "America/New_York", "--last", "3m"},
			nil,
			{"--each", "week", "--last", "6w"},
			{"--each", "week", "--last", "45d"},
			{"--each", "month", "--last", "3m"},
			{"--each", "month", "--last", "2m", "--tz", "Europe/Berlin"},
		} {
			sync(mixed, append(slicesClone(days), extra...)...)
		}
		for _, q := range queries[dialect] {
			q = atPresent(q, db.postgres, testNow)
			want := plain.rows(t, q)
			require.NotEmpty(t, want, "the query finds data:\n%s", q)
			answered := false
			for _, row := range want {
				for f := range strings.SplitSeq(row, "|") {
					answered = answered || (f != "NULL" && f != "")
				}
			}
			assert.True(t, answered, "the query answers something:\n%s\n%v", q, want)
			if strings.Contains(q, "metric_weeks") || strings.Contains(q, "last_week") {
				assert.NotContains(t, strings.Join(want, "\n"), "NULL", "every figure answered:\n%s", q)
			}
			assert.Equal(t, want, mixed.rows(t, q), "the same answer whatever was synced beside:\n%s", q)
		}
	})
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }
