package main

// Schema 1 upgraded in place, and what is checked before the first request.

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	hssync "github.com/helpscout-go/reports/cmd/hsreports/internal/sync"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/sync/store"
	"github.com/helpscout-go/reports/reportstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// v1Row is a row of schema 1's metrics table.
type v1Row struct {
	report, filters string
	start, end      time.Time
	metric          string
	value           float64
}

// makeV1 makes db a database of the first release, holding rows (and a
// bucket row for each of their periods), as that release wrote them.
func makeV1(t *testing.T, db testDB, rows []v1Row) {
	t.Helper()
	target, err := store.Parse(db.url)
	require.NoError(t, err)
	st, err := store.Open(context.Background(), target, store.Options{UpTo: 1})
	require.NoError(t, err)
	require.NoError(t, st.Close())
	tx, err := db.db.Begin()
	require.NoError(t, err)
	at := db.ts(testNow)
	buckets := map[[4]string]int{}
	for _, r := range rows {
		_, err := tx.Exec(db.rebind(`INSERT INTO metrics (report, filters, period_start, period_end, metric, value, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
			r.report, r.filters, db.ts(r.start), db.ts(r.end), r.metric, r.value, at)
		require.NoError(t, err)
		buckets[[4]string{r.report, r.filters, r.start.UTC().Format(time.RFC3339), r.end.UTC().Format(time.RFC3339)}]++
	}
	for k, n := range buckets {
		start, _ := time.Parse(time.RFC3339, k[2])
		end, _ := time.Parse(time.RFC3339, k[3])
		_, err := tx.Exec(db.rebind(`INSERT INTO hsreports_buckets (report, filters, period_start, period_end, fetched_at, metrics) VALUES (?, ?, ?, ?, ?, ?)`),
			k[0], k[1], db.ts(start), db.ts(end), at, n)
		require.NoError(t, err)
	}
	require.NoError(t, tx.Commit())
}

// v1Answers are the rows the first release stored for report company over
// periods: reports.Metrics of each answer, "current." left out, every
// figure (its zero previous figures and its ids too).
func v1Answers(t *testing.T, c *reports.Client, periods []reports.Dates) []v1Row {
	t.Helper()
	var out []v1Row
	for _, d := range periods {
		// The first release stored every number Metrics gave then, the
		// comparison figures of lists included (users' previous*, which it
		// got as zeros), but for the previous. and deltas. groups: asked
		// with a previous range, today's Metrics gives them all.
		res, err := c.GetCompany(context.Background(), reports.CompanyParams{Dates: d, PreviousDates: d.Previous()})
		require.NoError(t, err)
		for _, m := range reports.Metrics(res) {
			if strings.HasPrefix(m.Name, "previous.") || strings.HasPrefix(m.Name, "deltas.") {
				continue
			}
			out = append(out, v1Row{"company", "", d.Start.UTC(), d.End.UTC(), strings.TrimPrefix(m.Name, "current."), m.Value})
		}
	}
	return out
}

func TestSyncMigratesVersion1KeepingEveryValue(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	eachDB(t, func(t *testing.T, db testDB) {
		srv, env := fakeAPI(t)
		day := func(y int, m time.Month, d int, loc *time.Location) reports.Dates {
			return reports.Day(time.Date(y, m, d, 12, 0, 0, 0, loc))
		}
		var periods []reports.Dates
		for d := 1; d <= 10; d++ {
			periods = append(periods, day(2026, 10, d, time.UTC)) // days in UTC
		}
		for d := 1; d <= 3; d++ {
			periods = append(periods, day(2026, 10, d, berlin)) // days in Berlin
		}
		periods = append(periods,
			reports.Week(time.Date(2026, 10, 7, 0, 0, 0, 0, time.UTC)),                                                            // a whole week
			reports.Dates{Start: time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 10, 8, 0, 0, 0, 0, time.UTC)}, // a clipped one
			reports.Month(time.Date(2026, 9, 10, 0, 0, 0, 0, time.UTC)),                                                           // a month
		)
		v1 := v1Answers(t, srv.Client(), periods)
		makeV1(t, db, v1)

		srv.ClearRequests()
		r := hs(t, env, "sync", "--db", db.url, "--tz", "Europe/Berlin", "--start", "2026-10-01", "--end", "2026-10-04", "--reports", "company")
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Contains(t, r.stderr, "migrated to schema version 2")
		assert.Zero(t, figureCalls(srv), "Berlin's days of schema 1 are stored days of schema 2")

		// Every value of schema 1 is kept: in metrics, or set aside with why.
		kept := db.count(t, `SELECT count(*) FROM metrics`)
		aside := db.count(t, `SELECT count(*) FROM hsreports_v1_rows`)
		assert.Equal(t, len(v1), kept+aside)
		for _, row := range v1 {
			n := db.count(t, `SELECT count(*) FROM metrics WHERE report = ? AND period_start = ? AND period_end = ? AND metric = ? AND value = ?`,
				row.report, db.ts(row.start), db.ts(row.end), row.metric, row.value) +
				db.count(t, `SELECT count(*) FROM hsreports_v1_rows WHERE report = ? AND period_start = ? AND period_end = ? AND metric = ? AND value = ?`,
					row.report, db.ts(row.start), db.ts(row.end), row.metric, row.value)
			require.Equal(t, 1, n, "%+v", row)
		}
		assert.Equal(t, []string{"day|Europe/Berlin|3", "day|UTC|10", "month|UTC|1", "week|UTC|1"},
			db.rows(t, `SELECT granularity, tz, count(DISTINCT period_start) FROM metrics GROUP BY 1, 2 ORDER BY 1, 2`))
		assert.Positive(t, db.count(t, `SELECT count(*) FROM hsreports_v1_rows WHERE reason = 'no whole day, week or month of the zones tried' AND period_start = ?`,
			db.ts(time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC))), "the clipped week, set aside")
		assert.Positive(t, db.count(t, `SELECT count(*) FROM hsreports_v1_rows WHERE reason = 'a previous range''s figure or a change' AND metric LIKE 'users.%.previousReplies'`))
		assert.Zero(t, db.count(t, noOverlap))
		wholeBucketsOnly(t, db)
		assert.Positive(t, db.count(t, `SELECT count(*) FROM metrics WHERE metric = 'repliesPerDay'`))
		assert.Equal(t, db.count(t, `SELECT count(*) FROM metrics WHERE metric = 'repliesPerDay'`),
			db.count(t, `SELECT count(*) FROM metrics h JOIN metrics r ON r.report = h.report AND r.granularity = h.granularity AND r.tz = h.tz
				AND r.period_start = h.period_start AND r.metric = 'totalDays'
				WHERE h.metric = 'repliesPerDay' AND h.weight = r.value`), "weights carried over: an average per day, by its days")
		assert.Equal(t, []string{"2|0"}, db.rows(t, `SELECT version, dirty FROM hsreports_version`))

		// The migrated days answer as a fresh sync's.
		fresh := openTestDB(t, "sqlite:"+filepath.Join(t.TempDir(), "fresh.db"))
		r = hs(t, env, "sync", "--db", fresh.url, "--start", "2026-10-01", "--end", "2026-10-11", "--reports", "company")
		require.Equal(t, exitOK, r.code, r.stderr)
		const q = `SELECT period_start, metric, value, pattern, item FROM metrics WHERE granularity = 'day' AND tz = 'UTC' ORDER BY 1, 2`
		assert.Equal(t, fresh.rows(t, q), db.rows(t, q))
	})
}

func TestSyncMigrationInterruptedRunsAgain(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		srv, env := fakeAPI(t)
		makeV1(t, db, v1Answers(t, srv.Client(), []reports.Dates{reports.Day(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))}))
		srv.ClearRequests()
		// A migration that fails half-way (a table it creates is taken)
		// leaves the dirty flag and nothing of itself.
		_, err := db.db.Exec(`CREATE TABLE ratings (x INTEGER)`)
		require.NoError(t, err)
		r := hs(t, env, syncArgs(db, "--reports", "company")...)
		assert.Equal(t, exitFailure, r.code, r.stderr)
		assert.Contains(t, r.stderr, "migrating its tables to schema version 2 (0002_schema2.")
		assert.Zero(t, reportCalls(srv), "nothing sent")
		assert.Equal(t, []string{"1|1"}, db.rows(t, `SELECT version, dirty FROM hsreports_version`))
		assert.Positive(t, db.count(t, `SELECT count(*) FROM metrics WHERE metric LIKE 'users.%.previousReplies'`), "schema 1 as it was")

		_, err = db.db.Exec(`DROP TABLE ratings`)
		require.NoError(t, err)
		r = hs(t, env, syncArgs(db, "--reports", "company")...)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Contains(t, r.stderr, "a migration of")
		assert.Equal(t, []string{"2|0"}, db.rows(t, `SELECT version, dirty FROM hsreports_version`))
	})
}

func TestSyncChecksTheDatabaseBeforeTheFirstRequest(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		srv, env := fakeAPI(t)
		refused := func(want string) {
			t.Helper()
			r := hs(t, env, syncArgs(db)...)
			assert.Equal(t, exitFailure, r.code, r.stderr)
			assert.Contains(t, r.stderr, want)
			assert.Zero(t, reportCalls(srv), "found before any request")
		}
		// A table of ours in a database hsreports did not make.
		_, err := db.db.Exec(`CREATE TABLE metrics (id INTEGER, name TEXT)`)
		require.NoError(t, err)
		refused("it has a table metrics that hsreports did not create")
		_, err = db.db.Exec(`DROP TABLE metrics`)
		require.NoError(t, err)

		// A newer version.
		st, err := hssync.Open(context.Background(), db.url)
		require.NoError(t, err)
		require.NoError(t, st.Close())
		_, err = db.db.Exec(`UPDATE hsreports_version SET version = 99`)
		require.NoError(t, err)
		refused("its tables are of schema version 99, written by a later hsreports; this one knows version 2: upgrade hsreports")
		r := hs(t, env, syncArgs(db, "--dry-run")...)
		assert.Equal(t, exitFailure, r.code, "a dry run too: %s", r.stderr)
		_, err = db.db.Exec(`UPDATE hsreports_version SET version = 2`)
		require.NoError(t, err)

		// No write access.
		if db.postgres {
			role := "ro_" + strings.ToLower(rand.Text()[:8])
			for _, q := range []string{"CREATE ROLE " + role + " LOGIN", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role} {
				_, err := db.db.Exec(q)
				require.NoError(t, err)
			}
			u, err := url.Parse(db.url)
			require.NoError(t, err)
			u.User = url.User(role)
			r := hs(t, env, syncArgs(testDB{url: u.String()})...)
			assert.Equal(t, exitFailure, r.code, r.stderr)
			assert.Contains(t, r.stderr, "cannot write to it")
			assert.Contains(t, r.stderr, "permission denied")
			assert.Zero(t, reportCalls(srv), "found before any request")
		} else {
			readOnlySQLite(t, db, env, srv)
		}
		r = hs(t, env, syncArgs(db, "--reports", "company")...)
		require.Equal(t, exitOK, r.code, r.stderr)
	})
}

func TestSyncSQLitePaths(t *testing.T) {
	dir := t.TempDir()
	srv, env := fakeAPI(t)
	run := func(db string, more ...string) result {
		t.Helper()
		return hs(t, env, append([]string{"sync", "--db", db, "--start", "2026-10-01", "--end", "2026-10-03", "--reports", "company"}, more...)...)
	}
	// Taken literally: no percent decoding, ? and # are part of the name.
	for _, name := range []string{"lit%42.db", "a?b.db", "c#d.db", "sp ace.db"} {
		r := run("sqlite:" + filepath.Join(dir, name))
		require.Equal(t, exitOK, r.code, "%s: %s", name, r.stderr)
		fi, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err, name)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "%s: a new file is 0600", name)
	}
	assert.NoFileExists(t, filepath.Join(dir, "litB.db"))
	held, err := hssync.Open(context.Background(), "sqlite:"+filepath.Join(dir, "lit%42.db"))
	require.NoError(t, err)
	r := run("sqlite:" + filepath.Join(dir, "lit%42.db"))
	assert.Equal(t, exitTempFail, r.code, "the file written is the file locked: %s", r.stderr)
	require.NoError(t, held.Close())

	// A symlink: followed only to a database of ours.
	other := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(other, []byte("not a database"), 0o644))
	for _, target := range []string{other, filepath.Join(dir, "missing.db")} {
		link := filepath.Join(dir, "link-"+filepath.Base(target))
		require.NoError(t, os.Symlink(target, link))
		srv.ClearRequests()
		r := run("sqlite:" + link)
		assert.Equal(t, exitFailure, r.code, r.stderr)
		assert.Contains(t, r.stderr, "is a symlink to")
		assert.Zero(t, reportCalls(srv))
	}
	b, err := os.ReadFile(other)
	require.NoError(t, err)
	assert.Equal(t, "not a database", string(b), "the target untouched")
	assert.NoFileExists(t, filepath.Join(dir, "missing.db"))
	link := filepath.Join(dir, "current.db")
	require.NoError(t, os.Symlink(filepath.Join(dir, "sp ace.db"), link))
	r = run("sqlite:"+link, "--end", "2026-10-04")
	require.Equal(t, exitOK, r.code, "a link to a database of ours: %s", r.stderr)
	assert.Contains(t, r.stderr, "1 buckets written, 2 skipped")
}

func TestSyncDatabaseFromTheEnvironment(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		srv, env := fakeAPI(t)
		env[cmdutil.EnvDB] = db.url
		r := hs(t, env, "sync", "--start", "2026-10-01", "--end", "2026-10-03", "--reports", "company")
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Equal(t, 2, db.count(t, `SELECT count(*) FROM hsreports_buckets`), "HSREPORTS_DB names the database")
		assert.Equal(t, 2, figureCalls(srv))

		other := openTestDB(t, "sqlite:"+filepath.Join(t.TempDir(), "flag.db"))
		r = hs(t, env, "sync", "--db", other.url, "--start", "2026-10-01", "--end", "2026-10-02", "--reports", "company")
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Equal(t, 1, other.count(t, `SELECT count(*) FROM hsreports_buckets`), "--db over the environment")

		env[cmdutil.EnvDB] = "mysql://x"
		r = hs(t, env, "sync", "--last", "3d")
		assert.Equal(t, exitUsage, r.code)
		assert.Contains(t, r.stderr, "HSREPORTS_DB: want sqlite:PATH")
	})
}

func TestSyncPostgresURLAsGiven(t *testing.T) {
	base := os.Getenv(envTestPostgres)
	if base == "" {
		t.Skip("no PostgreSQL: run with .ci/postgres")
	}
	u, err := url.Parse(base)
	require.NoError(t, err)
	host := u.Query().Get("host")
	if host == "" {
		host = u.Hostname()
	}
	user := u.User.Username()
	eachDB(t, func(t *testing.T, db testDB) {
		if !db.postgres {
			return
		}
		name := strings.TrimPrefix(mustURL(t, db.url).Path, "/")
		srv, env := fakeAPI(t)
		// Everything in the query, and in key=value form: the driver reads
		// them as given, never rewritten into another server's address.
		for i, dsn := range []string{
			"postgres://?host=" + url.QueryEscape(host) + "&dbname=" + name + "&user=" + user,
			fmt.Sprintf("host=%s dbname=%s user=%s", host, name, user),
			fmt.Sprintf("postgresql://%s@/%s?host=%s&synchronous_commit=on", user, name, url.QueryEscape(host)),
		} {
			r := hs(t, env, "sync", "--db", dsn, "--start", "2026-10-01", "--end", fmt.Sprintf("2026-10-%02d", 2+i), "--reports", "company")
			require.Equal(t, exitOK, r.code, "%s: %s", dsn, r.stderr)
		}
		assert.Equal(t, 3, db.count(t, `SELECT count(*) FROM hsreports_buckets`))
		assert.Equal(t, 3, figureCalls(srv))
	})
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

// readOnlySQLite runs sync on a SQLite file its user may not write: as
// nobody when the tests run as root (root writes any file), else with the
// file made read-only.
func readOnlySQLite(t *testing.T, db testDB, env map[string]string, srv *reportstest.Server) {
	t.Helper()
	path := strings.TrimPrefix(db.url, "sqlite:")
	if os.Geteuid() != 0 {
		require.NoError(t, os.Chmod(path, 0o444))
		defer os.Chmod(path, 0o600)
		r := hs(t, env, syncArgs(db)...)
		assert.Equal(t, exitFailure, r.code, r.stderr)
		assert.Contains(t, r.stderr, "database "+db.url+": cannot write to it")
		assert.Zero(t, reportCalls(srv), "found before any request")
		return
	}
	bin, err := hsBinary()
	require.NoError(t, err)
	for _, p := range []string{filepath.Dir(bin), filepath.Dir(path), filepath.Dir(filepath.Dir(path))} {
		require.NoError(t, os.Chmod(p, 0o755)) // nobody may reach them
	}
	require.NoError(t, os.Chmod(path, 0o644))
	defer os.Chmod(path, 0o600)
	args := append([]string{"-u", "nobody", "--", bin}, syncArgs(db)...)
	cmd := hsProcess(t, "runuser", env, args...)
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "%s", out)
	assert.Equal(t, exitFailure, cmd.ProcessState.ExitCode(), "%s", out)
	assert.Contains(t, string(out), "database "+db.url+": cannot write to it: permission denied")
	assert.Zero(t, reportCalls(srv), "found before any request")
}
