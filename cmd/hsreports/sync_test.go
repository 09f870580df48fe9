package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	hssync "github.com/helpscout-go/reports/cmd/hsreports/internal/sync"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// envTestPostgres names a PostgreSQL server for the sync tests; .ci/postgres
// starts one and sets it.
const envTestPostgres = "HSREPORTS_TEST_POSTGRES"

// testDB is an empty database of one dialect for one test.
type testDB struct {
	url      string  // for --db
	db       *sql.DB // to look at it
	postgres bool
}

// eachDB runs body on a new SQLite database and on a new PostgreSQL
// database (skipped, saying how to run it, without HSREPORTS_TEST_POSTGRES).
func eachDB(t *testing.T, body func(t *testing.T, db testDB)) {
	t.Run("sqlite", func(t *testing.T) {
		body(t, openTestDB(t, "sqlite:"+filepath.Join(t.TempDir(), "metrics.db")))
	})
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv(envTestPostgres)
		if base == "" {
			t.Skip("no PostgreSQL: set " + envTestPostgres + " to a postgres:// URL of a database whose user may create databases, or run: .ci/postgres go test -run Sync ./cmd/hsreports/")
		}
		admin, err := sql.Open("pgx", base)
		require.NoError(t, err)
		t.Cleanup(func() { admin.Close() })
		name := "hsreports_" + strings.ToLower(rand.Text()[:12])
		_, err = admin.Exec("CREATE DATABASE " + name)
		require.NoError(t, err)
		u, err := url.Parse(base)
		require.NoError(t, err)
		u.Path = "/" + name
		db := openTestDB(t, u.String())
		t.Cleanup(func() {
			db.db.Close()
			_, _ = admin.Exec("DROP DATABASE " + name + " WITH (FORCE)")
		})
		body(t, db)
	})
}

func openTestDB(t *testing.T, raw string) testDB {
	t.Helper()
	driver, dsn := "pgx", raw
	if path, ok := strings.CutPrefix(raw, "sqlite:"); ok {
		driver, dsn = "sqlite", "file:"+path
	}
	db, err := sql.Open(driver, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return testDB{url: raw, db: db, postgres: driver == "pgx"}
}

// dump lists the metrics rows, in key order; with fetchedAt, their
// fetched_at too.
func (db testDB) dump(t *testing.T, fetchedAt bool) []string {
	t.Helper()
	rows, err := db.db.Query(`SELECT report, filters, period_start, period_end, metric, value, fetched_at FROM metrics ORDER BY report, filters, period_start, period_end, metric`)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var report, filters, metric string
		var value float64
		var start, end, at timestamp
		require.NoError(t, rows.Scan(&report, &filters, &start, &end, &metric, &value, &at))
		line := fmt.Sprintf("%s|%s|%s|%s|%s|%v", report, filters, start.t.Format(time.RFC3339), end.t.Format(time.RFC3339), metric, value)
		if fetchedAt {
			line += "|" + at.t.Format(time.RFC3339Nano)
		}
		out = append(out, line)
	}
	require.NoError(t, rows.Err())
	return out
}

// count runs a count(*) query.
func (db testDB) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, db.db.QueryRow(db.rebind(query), args...).Scan(&n))
	return n
}

// rebind writes the ? placeholders of query as the database takes them.
func (db testDB) rebind(query string) string {
	if !db.postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ts is a timestamp as the database stores it: RFC 3339 text in UTC in
// SQLite, a timestamptz in PostgreSQL.
func (db testDB) ts(t time.Time) any {
	if db.postgres {
		return t.UTC()
	}
	return t.UTC().Format(time.RFC3339)
}

// timestamp reads a timestamp column of either database.
type timestamp struct{ t time.Time }

func (s *timestamp) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		s.t = v.UTC()
		return nil
	case string:
		t, err := time.Parse(time.RFC3339, v)
		s.t = t.UTC()
		return err
	}
	return fmt.Errorf("a timestamp of type %T", src)
}

// syncArgs are a sync of ten days of October 2026, the four default
// reports.
func syncArgs(db testDB, more ...string) []string {
	return append([]string{"sync", "--db", db.url, "--start", "2026-10-01", "--end", "2026-10-11"}, more...)
}

const syncCalls = 10 * 4 // ten days, four reports

func TestSyncIdempotent(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		srv, env := fakeAPI(t)
		r := hs(t, env, syncArgs(db)...)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Equal(t, syncCalls, reportCalls(srv))
		assert.Contains(t, r.stderr, "sync: 40 buckets written, 0 skipped")
		first := db.dump(t, true)
		require.NotEmpty(t, first)
		assert.Equal(t, 10*4, db.count(t, `SELECT count(*) FROM hsreports_buckets`))

		srv.ClearRequests()
		r = hs(t, env, syncArgs(db)...)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Zero(t, reportCalls(srv), "a rerun over settled days asks nothing")
		assert.Contains(t, r.stderr, "sync: 0 buckets written, 40 skipped (stored), 0 rows, 0 calls, 0 429s")
		assert.Equal(t, first, db.dump(t, true), "a rerun changes no row")
	})
}

func TestSyncRefetch(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		_, env1 := fakeAPI(t)
		r := hs(t, env1, syncArgs(db)...)
		require.Equal(t, exitOK, r.code, r.stderr)
		old := db.dump(t, false)

		// The API's figures change (another seed); buckets that ended less
		// than --refetch ago (Oct 8, 9, 10: ends from Oct 9 on) are asked
		// again and replace what was stored, the others are kept.
		srv2, env2 := fakeAPI(t, reportstest.WithSeed(2))
		refetch := testNow.Sub(time.Date(2026, 10, 9, 0, 0, 0, 0, time.UTC)) + 30*time.Minute
		r = hs(t, env2, syncArgs(db, "--refetch", fmt.Sprintf("%ds", int(refetch.Seconds())))...)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Equal(t, 3*4, reportCalls(srv2))
		got := db.dump(t, false)

		fresh := openTestDB(t, "sqlite:"+filepath.Join(t.TempDir(), "fresh.db"))
		r = hs(t, env2, syncArgs(fresh)...)
		require.Equal(t, exitOK, r.code, r.stderr)
		seed2 := fresh.dump(t, false)

		recent := func(line string) bool { // by period_start
			start := strings.Split(line, "|")[2]
			return start >= "2026-10-08"
		}
		var want []string
		for _, l := range old {
			if !recent(l) {
				want = append(want, l)
			}
		}
		changed := 0
		for _, l := range seed2 {
			if recent(l) {
				want = append(want, l)
				if !slices.Contains(old, l) {
					changed++
				}
			}
		}
		require.Positive(t, changed, "seed 2 has other figures for the recent days")
		assert.ElementsMatch(t, want, got, "recent buckets as seed 2 answers them, the others as stored")
	})
}

// hsBinary builds hsreports once, for the tests that run it as a process.
var hsBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "hsreports-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "hsreports")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

func TestSyncResumesAfterSIGKILL(t *testing.T) {
	bin, err := hsBinary()
	require.NoError(t, err)
	eachDB(t, func(t *testing.T, db testDB) {
		srv, env := fakeAPI(t)
		srv.SetLatency(20 * time.Millisecond)                                                    // slow enough to be killed mid-run
		args := []string{"sync", "--db", db.url, "--start", "2026-09-01", "--end", "2026-10-11"} // 40 days
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), envClientID+"="+env[envClientID], envClientSecret+"="+env[envClientSecret], envAPIURL+"="+env[envAPIURL])
		var stderr strings.Builder
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		const total = 40 * 4
		stored := func() int {
			var n int
			if err := db.db.QueryRow(`SELECT count(*) FROM hsreports_buckets`).Scan(&n); err != nil {
				return 0 // not created yet
			}
			return n
		}
		tick := time.NewTicker(5 * time.Millisecond)
		for stored() < 20 {
			<-tick.C
		}
		tick.Stop()
		require.NoError(t, cmd.Process.Kill()) // SIGKILL: no chance to tidy up
		_ = cmd.Wait()
		before := stored()
		require.Less(t, before, total, "killed mid-run; stderr: %s", stderr.String())
		assert.Zero(t, db.count(t, `SELECT count(*) FROM (SELECT DISTINCT report, period_start FROM metrics) m
			WHERE NOT EXISTS (SELECT 1 FROM hsreports_buckets b WHERE b.report = m.report AND b.period_start = m.period_start)`),
			"no metrics of a bucket not written whole")

		srv.SetLatency(0)
		srv.ClearRequests()
		r := hs(t, env, args...)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Equal(t, total-before, reportCalls(srv), "the rerun asks only what is missing")

		whole := openTestDB(t, "sqlite:"+filepath.Join(t.TempDir(), "whole.db"))
		r = hs(t, env, "sync", "--db", whole.url, "--start", "2026-09-01", "--end", "2026-10-11")
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Equal(t, whole.dump(t, false), db.dump(t, false), "an interrupted run, completed, equals an uninterrupted one")
	})
}

func TestSyncOneRunAtATime(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		srv, env := fakeAPI(t)
		held, err := hssync.Open(context.Background(), db.url)
		require.NoError(t, err)
		r := hs(t, env, syncArgs(db)...)
		assert.Equal(t, exitTempFail, r.code, "busy: try again later")
		assert.Contains(t, r.stderr, "another hsreports sync is writing to this database")
		assert.Zero(t, reportCalls(srv), "refused before any request")
		require.NoError(t, held.Close())

		// Two at once: one runs, the other refuses or runs after it; no row
		// is written twice.
		srv.SetLatency(5 * time.Millisecond)
		var wg sync.WaitGroup
		results := make([]result, 2)
		for i := range results {
			wg.Go(func() { results[i] = hs(t, env, syncArgs(db)...) })
		}
		wg.Wait()
		ok := 0
		for _, r := range results {
			if r.code == exitOK {
				ok++
				continue
			}
			assert.Equal(t, exitTempFail, r.code, r.stderr)
			assert.Contains(t, r.stderr, "another hsreports sync is writing to this database")
		}
		assert.Positive(t, ok)
		assert.Equal(t, syncCalls, reportCalls(srv), "every bucket asked once")
		assert.Equal(t, syncCalls, db.count(t, `SELECT count(*) FROM hsreports_buckets`))
		assert.Zero(t, db.count(t, `SELECT count(*) FROM (SELECT report, filters, period_start, period_end, metric FROM metrics
			GROUP BY report, filters, period_start, period_end, metric HAVING count(*) > 1) d`))
	})
}

func TestSyncDatabaseRefusesWrites(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		st, err := hssync.Open(context.Background(), db.url) // the tables
		require.NoError(t, err)
		require.NoError(t, st.Close())
		// The database refuses the third day's bucket, after its metrics
		// went in, in the same transaction.
		refuse := []string{`CREATE TRIGGER refuse BEFORE INSERT ON hsreports_buckets
			WHEN NEW.period_start = '2026-10-03T00:00:00Z' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`}
		if db.postgres {
			refuse = []string{`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
				IF NEW.period_start = '2026-10-03T00:00:00Z' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`,
				`CREATE TRIGGER refuse BEFORE INSERT ON hsreports_buckets FOR EACH ROW EXECUTE FUNCTION refuse()`}
		}
		for _, q := range refuse {
			_, err := db.db.Exec(q)
			require.NoError(t, err)
		}
		_, env := fakeAPI(t)
		r := hs(t, env, syncArgs(db, "--reports", "company")...)
		assert.Equal(t, exitFailure, r.code)
		assert.Contains(t, r.stderr, "hsreports: database "+strings.Split(db.url, "?")[0])
		assert.Contains(t, r.stderr, "writing company 2026-10-03T00:00:00Z")
		assert.Contains(t, r.stderr, "refused by the test")
		assert.Contains(t, r.stderr, "sync: 2 buckets written")
		assert.Equal(t, 2, db.count(t, `SELECT count(*) FROM hsreports_buckets`))
		assert.Zero(t, db.count(t, `SELECT count(*) FROM metrics WHERE period_start >= ?`, db.ts(time.Date(2026, 10, 3, 0, 0, 0, 0, time.UTC))),
			"nothing of the refused bucket")
		assert.Positive(t, db.count(t, `SELECT count(*) FROM metrics`))
	})
}

func TestSyncDailyFiguresAddUp(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		srv, env := fakeAPI(t)
		r := hs(t, env, syncArgs(db, "--reports", "company,conversations,productivity")...)
		require.Equal(t, exitOK, r.code, r.stderr)
		whole := reports.Dates{Start: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 10, 11, 0, 0, 0, 0, time.UTC)}
		c := srv.Client()
		ctx := context.Background()
		company, err := c.GetCompany(ctx, reports.CompanyParams{Dates: whole})
		require.NoError(t, err)
		conv, err := c.GetConversations(ctx, reports.ConversationsParams{Dates: whole})
		require.NoError(t, err)
		prod, err := c.GetProductivity(ctx, reports.ProductivityParams{Dates: whole})
		require.NoError(t, err)
		for _, m := range []struct {
			report, metric string
			whole          float64
		}{
			{"company", "totalReplies", company.Current.TotalReplies},
			{"company", "closed", company.Current.Closed},
			{"conversations", "totalConversations", conv.Current.TotalConversations},
			{"conversations", "newConversations", conv.Current.NewConversations},
			{"productivity", "repliesSent", prod.Current.RepliesSent},
			{"productivity", "resolved", prod.Current.Resolved},
		} {
			var sum float64
			var days int
			require.NoError(t, db.db.QueryRow(db.rebind(`SELECT sum(value), count(*) FROM metrics WHERE report = ? AND metric = ?`), m.report, m.metric).Scan(&sum, &days))
			assert.Equal(t, 10, days, m.metric)
			assert.Positive(t, m.whole, m.metric)
			assert.InDelta(t, m.whole, sum, 1e-9, "%s %s: the days add up to the range", m.report, m.metric)
		}
	})
}

func TestSyncUsageErrorsSendNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--db", "mysql://x/y"}, "--db: want sqlite:PATH, postgres://… or postgresql://…"},
		{[]string{"--db", "sqlite:"}, "--db: sqlite: wants a file"},
		{[]string{"--each", "year"}, `--each "year": want day, week or month`},
		{[]string{"--refetch", "-1h"}, `--refetch "-1h"`},
		{[]string{"--reports", "company,weather"}, `--reports "weather": want some of company, conversations`},
		{[]string{"--reports", "docs", "--type", "chat"}, "--type: the docs report takes no --type"},
		{[]string{"--type", "fax"}, `"fax" for "--type" flag: want one of email, chat, phone`},
		{[]string{"--start", "2026-10-01"}, "--start and --end: give both, or --last"},
		{[]string{"--last", "7d", "--start", "2026-10-01"}, "--last and --start: give one or the other"},
		{[]string{"--start", "2026-10-05", "--end", "2026-10-01"}, "--end: must be after --start"},
	} {
		srv, env := fakeAPI(t)
		r := hs(t, env, append([]string{"sync", "--db", "sqlite:" + db}, c.args...)...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.want, c.args)
		assert.Zero(t, reportCalls(srv), c.args)
		assert.NoFileExists(t, db, c.args)
	}
}

func TestSyncDatabaseErrorsHideThePassword(t *testing.T) {
	_, env := fakeAPI(t)
	r := hs(t, env, "sync", "--db", "postgres://metrics:s3cret-pw@127.0.0.1:1/support?password=s3cret-q", "--last", "3d")
	assert.Equal(t, exitFailure, r.code, r.stderr)
	assert.Contains(t, r.stderr, "database postgres://metrics:xxxxx@127.0.0.1:1/support: cannot open it")
	assert.NotContains(t, r.stderr, "s3cret")
}

func TestSyncDryRun(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		srv, env := fakeAPI(t)
		r := hs(t, env, syncArgs(db, "--dry-run", "--rate-limit", "120")...)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Contains(t, r.stdout, "plan: 2026-10-01T00:00:00Z to 2026-10-11T00:00:00Z, 10 buckets (day)")
		assert.Contains(t, r.stdout, "company          10 to fetch,    0 stored")
		assert.Contains(t, r.stdout, "40 calls, about 20s at --rate-limit 120")
		assert.Zero(t, reportCalls(srv))
		if !db.postgres {
			assert.NoFileExists(t, strings.TrimPrefix(db.url, "sqlite:"), "a dry run creates nothing")
		} else {
			assert.Zero(t, db.count(t, `SELECT count(*) FROM information_schema.tables WHERE table_name = 'metrics'`), "a dry run creates nothing")
		}

		r = hs(t, env, syncArgs(db, "--reports", "company", "--start", "2026-10-06")...)
		require.Equal(t, exitOK, r.code, r.stderr)
		srv.ClearRequests()
		r = hs(t, env, syncArgs(db, "--dry-run", "--reports", "company,happiness")...)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Contains(t, r.stdout, "company           5 to fetch,    5 stored")
		assert.Contains(t, r.stdout, "happiness        10 to fetch,    0 stored")
		assert.Zero(t, reportCalls(srv))
	})
}
