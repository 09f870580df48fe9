package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/hstest"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/root"
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
		body(t, newPostgresDB(t))
	})
}

// newPostgresDB is a new database on the PostgreSQL of
// HSREPORTS_TEST_POSTGRES, dropped when the test ends (skipped, saying how
// to run it, without one).
func newPostgresDB(t *testing.T) testDB {
	t.Helper()
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
	return db
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
	rows, err := db.db.Query(`SELECT report, filters, granularity, tz, period_start, period_end, metric, value, fetched_at FROM metrics
		ORDER BY report, filters, granularity, tz, period_start, metric`)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var report, filters, granularity, tz, metric string
		var value float64
		var start, end, at timestamp
		require.NoError(t, rows.Scan(&report, &filters, &granularity, &tz, &start, &end, &metric, &value, &at))
		line := fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%v", report, filters, granularity, tz, start.t.Format(time.RFC3339), end.t.Format(time.RFC3339), metric, value)
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

// figureCalls counts the calls for figures a fake received: its report
// calls but the ratings' pages.
func figureCalls(srv *reportstest.Server) int {
	return reportCalls(srv) - ratingsCalls(srv)
}

// ratingsCalls counts the pages of ratings a fake served.
func ratingsCalls(srv *reportstest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Path == "/v2/reports/happiness/ratings" {
			n++
		}
	}
	return n
}

func TestSyncIdempotent(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		srv, env := fakeAPI(t)
		r := hs(t, env, syncArgs(db)...)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Equal(t, syncCalls, figureCalls(srv))
		assert.Positive(t, ratingsCalls(srv), "happiness brings its ratings")
		assert.Contains(t, r.stderr, "sync: 50 buckets written, 0 skipped", "40 of figures, 10 days of ratings")
		first := db.dump(t, true)
		require.NotEmpty(t, first)
		ratings := db.rows(t, `SELECT conversation_id, thread_id, rating, comment, created_at, fetched_at FROM ratings ORDER BY 1, 2`)
		require.NotEmpty(t, ratings)
		assert.Equal(t, 10*5, db.count(t, `SELECT count(*) FROM hsreports_buckets`))

		srv.ClearRequests()
		r = hs(t, env, syncArgs(db)...)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Zero(t, reportCalls(srv), "a rerun over settled days asks nothing")
		assert.Contains(t, r.stderr, "sync: 0 buckets written, 50 skipped (stored), 0 rows, 0 ratings, 0 calls, 0 429s")
		assert.Equal(t, first, db.dump(t, true), "a rerun changes no row")
		assert.Equal(t, ratings, db.rows(t, `SELECT conversation_id, thread_id, rating, comment, created_at, fetched_at FROM ratings ORDER BY 1, 2`))
	})
}

// rows runs a query and gives its rows as text, a line each.
func (db testDB) rows(t *testing.T, query string, args ...any) []string {
	t.Helper()
	rows, err := db.db.Query(db.rebind(query), args...)
	require.NoError(t, err, query)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		parts := make([]string, len(cols))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
				parts[i] = "NULL"
			case []byte:
				parts[i] = string(x)
			case time.Time:
				parts[i] = x.UTC().Format(time.RFC3339)
			case float64:
				parts[i] = strconv.FormatFloat(x, 'g', 12, 64)
			case bool:
				parts[i] = map[bool]string{true: "1", false: "0"}[x]
			default:
				parts[i] = fmt.Sprint(x)
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	require.NoError(t, rows.Err())
	return out
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
		assert.Equal(t, 3*4, figureCalls(srv2))
		got := db.dump(t, false)

		fresh := openTestDB(t, "sqlite:"+filepath.Join(t.TempDir(), "fresh.db"))
		r = hs(t, env2, syncArgs(fresh)...)
		require.Equal(t, exitOK, r.code, r.stderr)
		seed2 := fresh.dump(t, false)

		recent := func(line string) bool { // by period_start
			start := strings.Split(line, "|")[4]
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
// The binary has no metric infos (the SDK does not give them yet): the
// tests that compare its databases compare them with its own.
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

// hsProcess runs the built hsreports against the fake of env.
func hsProcess(t *testing.T, bin string, env map[string]string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), envClientID+"="+env[envClientID], envClientSecret+"="+env[envClientSecret], envAPIURL+"="+env[envAPIURL])
	return cmd
}

func TestSyncResumesAfterSIGKILL(t *testing.T) {
	bin, err := hsBinary()
	require.NoError(t, err)
	eachDB(t, func(t *testing.T, db testDB) {
		srv, env := fakeAPI(t)
		srv.SetLatency(20 * time.Millisecond)                                                    // slow enough to be killed mid-run
		args := []string{"sync", "--db", db.url, "--start", "2026-09-01", "--end", "2026-10-11"} // 40 days
		cmd := hsProcess(t, bin, env, args...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		const total = 40 * 5 // four reports and the ratings
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
		figures := db.count(t, `SELECT count(*) FROM hsreports_buckets WHERE report <> 'happiness/ratings'`)
		require.Less(t, before, total, "killed mid-run; stderr: %s", stderr.String())
		assert.Zero(t, db.count(t, `SELECT count(*) FROM (SELECT DISTINCT report, period_start FROM metrics) m
			WHERE NOT EXISTS (SELECT 1 FROM hsreports_buckets b WHERE b.report = m.report AND b.period_start = m.period_start)`),
			"no metrics of a bucket not written whole")

		srv.SetLatency(0)
		srv.ClearRequests()
		out, err := hsProcess(t, bin, env, args...).CombinedOutput()
		require.NoError(t, err, "%s", out)
		assert.Equal(t, 40*4-figures, figureCalls(srv), "the rerun asks only what is missing")

		whole := openTestDB(t, "sqlite:"+filepath.Join(t.TempDir(), "whole.db"))
		out, err = hsProcess(t, bin, env, "sync", "--db", whole.url, "--start", "2026-09-01", "--end", "2026-10-11").CombinedOutput()
		require.NoError(t, err, "%s", out)
		assert.Equal(t, whole.dump(t, false), db.dump(t, false), "an interrupted run, completed, equals an uninterrupted one")
		const ratings = `SELECT conversation_id, thread_id, rating, comment, created_at FROM ratings ORDER BY 1, 2`
		assert.Equal(t, whole.rows(t, ratings), db.rows(t, ratings))
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
		assert.Equal(t, syncCalls, figureCalls(srv), "every bucket asked once")
		assert.Equal(t, syncCalls+10, db.count(t, `SELECT count(*) FROM hsreports_buckets`))
		assert.Zero(t, db.count(t, `SELECT count(*) FROM (SELECT report, filters, granularity, tz, period_start, metric FROM metrics
			GROUP BY report, filters, granularity, tz, period_start, metric HAVING count(*) > 1) d`))
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
			require.NoError(t, db.db.QueryRow(db.rebind(`SELECT sum(value), count(*) FROM metrics WHERE report = ? AND metric = ? AND granularity = 'day'`), m.report, m.metric).Scan(&sum, &days))
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
		{[]string{"--db", "mysql://x/y"}, "--db: want sqlite:PATH, postgres://…, postgresql://… or a key=value DSN"},
		{[]string{"--db", "sqlite:"}, "--db: sqlite: wants a file"},
		{[]string{"--each", "year"}, `--each "year": want day, week or month`},
		{[]string{"--refetch", "-1h"}, `--refetch "-1h"`},
		{[]string{"--reports", "company,weather"}, `--reports "weather": want some of company, conversations`},
		{[]string{"--reports", "docs", "--type", "chat"}, "--type: the docs report takes no --type"},
		{[]string{"--type", "fax"}, `"fax" for "--type" flag: want one of email, chat, phone`},
		{[]string{"--start", "2026-10-01"}, "--start and --end: give both, or --last"},
		{[]string{"--last", "7d", "--start", "2026-10-01"}, "--last and --start: give one or the other"},
		{[]string{"--start", "2026-10-05", "--end", "2026-10-01"}, "--end: must be after --start"},
		{[]string{"--mailbox", "-5"}, "--mailbox"},
		{[]string{"--tz", "Local"}, "--tz Local: sync stores the zone's name"},
		{[]string{"--timeout", "-5s"}, "--timeout must not be negative"},
	} {
		srv, env := fakeAPI(t)
		r := hs(t, env, append([]string{"sync", "--db", "sqlite:" + db}, c.args...)...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.want, c.args)
		assert.Zero(t, reportCalls(srv), c.args)
		assert.NoFileExists(t, db, c.args)
	}
}

func TestSyncRefusesEveryOutputFlag(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	values := map[string]string{"format": "json", "output": filepath.Join(t.TempDir(), "out.json"), "columns": "a,b"}
	flags := root.NewCmd(&cmdutil.App{IO: hstest.Streams(io.Discard, io.Discard), Getenv: func(string) string { return "" }}).PersistentFlags()
	require.NotEmpty(t, cmdutil.OutputFlags)
	for _, name := range cmdutil.OutputFlags {
		f := flags.Lookup(name)
		require.NotNil(t, f, name)
		arg := "--" + name
		if f.Value.Type() != "bool" {
			v, ok := values[name]
			require.True(t, ok, "a value for --%s", name)
			arg += "=" + v
		}
		srv, env := fakeAPI(t)
		r := hs(t, env, "sync", "--db", "sqlite:"+db, arg)
		assert.Equal(t, exitUsage, r.code, "%s: %s", arg, r.stderr)
		assert.Contains(t, r.stderr, "--"+name+": not for hsreports sync", arg)
		assert.Zero(t, reportCalls(srv), arg)
		assert.NoFileExists(t, db, arg)
		assert.NoFileExists(t, values["output"], arg)
	}
}

func TestSyncDatabaseErrorsHideThePassword(t *testing.T) {
	_, env := fakeAPI(t)
	for _, c := range []struct{ db, where string }{
		{"postgres://metrics:s3cret-pw@127.0.0.1:1/support?password=s3cret-q", "database postgres://metrics:xxxxx@127.0.0.1:1/support: cannot open it"},
		{"host=127.0.0.1 port=1 user=metrics password=s3cret-pw dbname=support", "database postgres metrics@127.0.0.1:1/support: cannot open it"},
	} {
		r := hs(t, env, "sync", "--db", c.db, "--last", "3d")
		assert.Equal(t, exitFailure, r.code, r.stderr)
		assert.Contains(t, r.stderr, c.where)
		assert.NotContains(t, r.stderr, "s3cret")
	}
	// Nor from the environment.
	env[cmdutil.EnvDB] = "postgres://metrics:s3cret-pw@127.0.0.1:1/support"
	r := hs(t, env, "sync", "--last", "3d")
	assert.Equal(t, exitFailure, r.code, r.stderr)
	assert.Contains(t, r.stderr, "database postgres://metrics:xxxxx@127.0.0.1:1/support: cannot open it")
	assert.NotContains(t, r.stderr, "s3cret")
}

func TestSyncDryRun(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		srv, env := fakeAPI(t)
		line := func(name string, todo, stored int) string {
			return fmt.Sprintf("  %-17s %4d to fetch, %4d stored", name, todo, stored)
		}
		r := hs(t, env, syncArgs(db, "--dry-run", "--rate-limit", "120")...)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Contains(t, r.stdout, "plan: 2026-10-01T00:00:00Z to 2026-10-11T00:00:00Z, 10 buckets (day, UTC)")
		assert.Contains(t, r.stdout, line("company", 10, 0))
		assert.Contains(t, r.stdout, line("happiness/ratings", 10, 0))
		assert.Contains(t, r.stdout, "41 calls at least, about 21s at --rate-limit 120")
		assert.Zero(t, reportCalls(srv))
		if !db.postgres {
			assert.NoFileExists(t, strings.TrimPrefix(db.url, "sqlite:"), "a dry run creates nothing")
		} else {
			assert.Zero(t, db.count(t, `SELECT count(*) FROM information_schema.tables WHERE table_name = 'metrics'`), "a dry run creates nothing")
		}

		r = hs(t, env, syncArgs(db, "--reports", "company", "--start", "2026-10-06")...)
		require.Equal(t, exitOK, r.code, r.stderr)
		srv.ClearRequests()
		var files []string
		if !db.postgres {
			files = dirFiles(t, filepath.Dir(strings.TrimPrefix(db.url, "sqlite:")))
		}
		r = hs(t, env, syncArgs(db, "--dry-run", "--reports", "company,happiness")...)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Contains(t, r.stdout, line("company", 5, 5))
		assert.Contains(t, r.stdout, line("happiness", 10, 0))
		assert.Zero(t, reportCalls(srv))
		if !db.postgres {
			assert.Equal(t, files, dirFiles(t, filepath.Dir(strings.TrimPrefix(db.url, "sqlite:"))), "a dry run writes no file, not even a WAL")
		}

		r = hs(t, env, syncArgs(db, "--dry-run", "--each", "week", "--tz", "Europe/Berlin")...)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Contains(t, r.stdout, "plan: 2026-09-28T00:00:00+02:00 to 2026-10-12T00:00:00+02:00, 2 buckets (week, Europe/Berlin)")
		assert.Contains(t, r.stdout, "the range asked for, 2026-10-01T00:00:00+02:00 to 2026-10-11T00:00:00+02:00, widened to whole buckets")
	})
}

// dirFiles lists a directory's files with their sizes and modes.
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		fi, err := e.Info()
		require.NoError(t, err)
		out = append(out, fmt.Sprintf("%s %d %v %v", e.Name(), fi.Size(), fi.Mode(), fi.ModTime()))
	}
	return out
}
