package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMigrationsAreInSequenceAndSplit(t *testing.T) {
	for _, d := range []string{"sqlite", "postgres"} {
		ms := migrations[d]
		require.Len(t, ms, Latest, d)
		for i, m := range ms {
			assert.Equal(t, i+1, m.version, d)
			assert.True(t, strings.HasSuffix(m.name, "."+d+".sql"), m.name)
			for _, p := range m.parts {
				for _, stmt := range p.stmts {
					assert.True(t, strings.HasSuffix(stmt, ";"), "%s: a whole statement: %q", m.name, stmt)
					assert.NotContains(t, stmt, "\n--", "%s: comments dropped", m.name)
				}
				if p.step != "" {
					assert.Contains(t, steps, p.step, m.name)
				}
			}
		}
		// Schema 2 hands over to Go between its two parts.
		require.Len(t, ms[1].parts, 3, d)
		assert.Equal(t, "v1", ms[1].parts[1].step, d)
	}
}

func TestQueriesOfBothDialects(t *testing.T) {
	for _, name := range []string{"tables", "version_table", "version", "legacy_version", "version_delete", "version_set", "check_write",
		"stored_buckets", "delete_bucket", "upsert_bucket", "upsert_metric_info", "users", "upsert_user", "upsert_ratings", "upsert_buckets",
		"v1_periods", "v1_names", "v1_period_set", "v1_name_set"} {
		for _, d := range []string{"sqlite", "postgres"} {
			q, ok := queries[d][name]
			require.True(t, ok, "%s: %s", d, name)
			assert.NotEmpty(t, q, "%s: %s", d, name)
			assert.False(t, strings.HasPrefix(q, "--"), "%s: %s: comments dropped", d, name)
			if d == "postgres" {
				assert.NotContains(t, q, "?", "%s: native placeholders", name)
			} else {
				assert.NotContains(t, q, "$1", "%s: native placeholders", name)
			}
		}
	}
	assert.Contains(t, queries["sqlite"]["insert_metrics"], "/*rows*/")
	assert.Contains(t, queries["postgres"], "upsert_bucket_and_metrics")
}

func TestStatements(t *testing.T) {
	got := statements("-- a comment\nCREATE TABLE a (\n\tx INTEGER);\n\n-- hsreports:go step\nINSERT INTO a VALUES (1);\nSELECT 1")
	assert.Equal(t, []string{"CREATE TABLE a (\n\tx INTEGER);", "-- hsreports:go step", "INSERT INTO a VALUES (1);", "SELECT 1"}, got)
}

func TestEscapePathRoundTrips(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"plain.db", "lit%42.db", "q?x.db", "h#x.db", "sp ace.db", "pct%25.db", "ü.db"} {
		path := filepath.Join(dir, name)
		s, err := Open(context.Background(), &Target{Dialect: "sqlite", Where: "sqlite:" + path, Path: path}, Options{})
		require.NoError(t, err, name)
		require.NoError(t, s.Close())
		fi, err := os.Stat(path)
		require.NoError(t, err, name)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), name)
		assert.True(t, isOurs(path), name)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 7, "no file of another name")
}

func TestParse(t *testing.T) {
	for _, c := range []struct{ raw, dialect, where string }{
		{"sqlite:a%20b.db", "sqlite", "sqlite:a%20b.db"},
		{"sqlite://x.db", "sqlite", "sqlite://x.db"},
		{"postgres://u:pw@h:5433/db?sslmode=disable", "postgres", "postgres://u:xxxxx@h:5433/db"},
		{"postgresql://u@/db?host=/tmp/s", "postgres", "postgresql://u@/db"},
		{"postgres://?host=/tmp/s&dbname=db&user=u", "postgres", "postgres:"},
		{"host=/tmp/s dbname=db user=u password=pw", "postgres", "postgres u@/tmp/s:5432/db"},
	} {
		tg, err := Parse(c.raw)
		require.NoError(t, err, c.raw)
		assert.Equal(t, c.dialect, tg.Dialect, c.raw)
		assert.Equal(t, c.where, tg.Where, c.raw)
		assert.NotContains(t, tg.Where, "pw", c.raw)
	}
	tg, err := Parse("postgres://?host=/tmp/s&dbname=db&user=u")
	require.NoError(t, err)
	assert.Equal(t, "/tmp/s", tg.pg.Host, "the query's host, as given")
	assert.Equal(t, "db", tg.pg.Database)
	assert.Equal(t, "off", tg.pg.RuntimeParams["synchronous_commit"])
	tg, err = Parse("postgres://u@h/db?synchronous_commit=on")
	require.NoError(t, err)
	assert.Equal(t, "on", tg.pg.RuntimeParams["synchronous_commit"], "the URL's say")
	for _, bad := range []string{"", "mysql://x", "sqlite:", "postgres://u:pw@h:notaport/db"} {
		_, err := Parse(bad)
		require.Error(t, err, bad)
		assert.NotContains(t, err.Error(), "pw", bad)
	}
}

func TestWholeBucket(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	zones := []*time.Location{berlin, time.UTC}
	at := func(s string) time.Time {
		tt, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		return tt
	}
	for _, c := range []struct{ start, end, g, tz, date string }{
		{"2026-10-01T00:00:00Z", "2026-10-02T00:00:00Z", "day", "UTC", "2026-10-01"},
		{"2026-09-30T22:00:00Z", "2026-10-01T22:00:00Z", "day", "Europe/Berlin", "2026-10-01"},
		{"2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", "day", "Europe/Berlin", "2026-10-25"}, // 25 hours
		{"2026-10-05T00:00:00Z", "2026-10-12T00:00:00Z", "week", "UTC", "2026-10-05"},
		{"2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z", "month", "UTC", "2026-09-01"},
		{"2026-10-05T00:00:00Z", "2026-10-08T00:00:00Z", "", "", ""}, // a clipped week
		{"2026-10-01T05:00:00Z", "2026-10-02T05:00:00Z", "", "", ""}, // a day of no zone tried
	} {
		g, tz, date := wholeBucket(at(c.start), at(c.end), zones)
		assert.Equal(t, []string{c.g, c.tz, c.date}, []string{g, tz, date}, "%s to %s", c.start, c.end)
	}
}

// fakeDescribe sets aside the metrics named previous* and the ids, and
// weights handleTime by replies: what the SDK's infos say of those.
type fakeDescribe struct{}

func (fakeDescribe) Metric(report, name string) (Info, string, string, bool, string) {
	parts := strings.Split(name, ".")
	pattern, item, weight := name, "", ""
	if len(parts) == 3 && parts[0] == "users" {
		pattern, item = "users.*."+parts[2], parts[1]
		if parts[2] == "handleTime" {
			weight = "users." + item + ".replies"
		}
	}
	info := Info{Report: report, Metric: pattern, Kind: "count", Unit: "count"}
	switch last := parts[len(parts)-1]; {
	case strings.HasPrefix(last, "previous"):
		return info, item, weight, false, "a previous range's figure or a change"
	case last == "mailboxId":
		return info, item, weight, false, "an id"
	}
	return info, item, weight, true, ""
}

// v1Metrics are names like those the first release stored for the four
// default reports, about 175 a day.
func v1Metrics() []string {
	var out []string
	for _, u := range []int{100101, 100102, 100103, 100104, 100105, 100106} {
		for _, f := range []string{"customersHelped", "replies", "handleTime", "happinessScore", "previousCustomersHelped", "previousReplies", "previousHandleTime", "previousHappinessScore"} {
			out = append(out, fmt.Sprintf("users.%d.%s", u, f))
		}
	}
	for i := range 40 {
		out = append(out, fmt.Sprintf("tags.top.%d.count", 500+i), fmt.Sprintf("tags.top.%d.previousCount", 500+i),
			fmt.Sprintf("replies.top.%d.mailboxId", 400+i))
	}
	return append(out, "customersHelped", "closed", "totalReplies", "totalUsers", "totalDays", "repliesPerDay", "resolvedPerDay")
}

// makeV1 fills a SQLite database of schema 1 with days of rows of each of
// reports, as the first release wrote them, in one transaction.
func makeV1(tb testing.TB, path string, days int, reports []string) int {
	tb.Helper()
	ctx := context.Background()
	tg := &Target{Dialect: "sqlite", Where: "sqlite:" + path, Path: path}
	s, err := Open(ctx, tg, Options{UpTo: 1})
	require.NoError(tb, err)
	defer s.Close()
	tx, err := s.db.Begin()
	require.NoError(tb, err)
	ins, err := tx.Prepare(`INSERT INTO metrics (report, filters, period_start, period_end, metric, value, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	require.NoError(tb, err)
	bucket, err := tx.Prepare(`INSERT INTO hsreports_buckets (report, filters, period_start, period_end, fetched_at, metrics) VALUES (?, ?, ?, ?, ?, ?)`)
	require.NoError(tb, err)
	names := v1Metrics()
	day := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	for d := range days {
		start, end := day.AddDate(0, 0, d).Format(time.RFC3339), day.AddDate(0, 0, d+1).Format(time.RFC3339)
		for _, r := range reports {
			for i, m := range names {
				_, err := ins.Exec(r, "", start, end, m, float64(i*d%97), start)
				require.NoError(tb, err)
				n++
			}
			_, err := bucket.Exec(r, "", start, end, start, len(names))
			require.NoError(tb, err)
		}
	}
	require.NoError(tb, tx.Commit())
	return n
}

func TestMigrateV1KeepsEveryValue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	n := makeV1(t, path, 10, []string{"company", "happiness"})
	s, err := Open(context.Background(), &Target{Dialect: "sqlite", Where: "sqlite:" + path, Path: path}, Options{Infos: fakeDescribe{}})
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, []int{2}, s.Migrated)
	var kept, aside, weighted int
	require.NoError(t, s.db.QueryRow(`SELECT count(*) FROM metrics`).Scan(&kept))
	require.NoError(t, s.db.QueryRow(`SELECT count(*) FROM hsreports_v1_rows`).Scan(&aside))
	assert.Equal(t, n, kept+aside)
	assert.Equal(t, 10*2*(6*4+40*2), aside, "previous figures and ids set aside")
	require.NoError(t, s.db.QueryRow(`SELECT count(*) FROM metrics h JOIN metrics r ON r.report = h.report AND r.period_start = h.period_start
		AND r.metric = replace(h.metric, 'handleTime', 'replies') WHERE h.pattern = 'users.*.handleTime' AND h.weight = r.value`).Scan(&weighted))
	assert.Equal(t, 10*2*6, weighted)
	var tables int
	require.NoError(t, s.db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name LIKE 'hsreports_v1_%' AND name <> 'hsreports_v1_rows'`).Scan(&tables))
	assert.Zero(t, tables, "the migration's own tables dropped")
}

// BenchmarkMigrateV1 migrates a year of schema-1 rows of the four default
// reports (about 255,000) to schema 2 on SQLite:
//
//	go test -run '^$' -bench MigrateV1 -benchtime 3x ./cmd/hsreports/internal/sync/store/
func BenchmarkMigrateV1(b *testing.B) {
	dir := b.TempDir()
	src := filepath.Join(dir, "v1.db")
	n := makeV1(b, src, 365, []string{"company", "conversations", "productivity", "happiness"})
	data, err := os.ReadFile(src)
	require.NoError(b, err)
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		path := filepath.Join(dir, fmt.Sprintf("m%d.db", i))
		require.NoError(b, os.WriteFile(path, data, 0o600))
		b.StartTimer()
		s, err := Open(context.Background(), &Target{Dialect: "sqlite", Where: "sqlite:" + path, Path: path}, Options{Infos: fakeDescribe{}})
		require.NoError(b, err)
		require.NoError(b, s.Close())
	}
	b.ReportMetric(float64(n), "rows")
}

// BenchmarkStoreWrite writes buckets of 110 metrics, as a company report's
// day has, one transaction each: on SQLite, and on PostgreSQL with
// HSREPORTS_TEST_POSTGRES (.ci/postgres go test -run '^$' -bench StoreWrite
// ./cmd/hsreports/internal/sync/store/).
func BenchmarkStoreWrite(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "bench.db")
		benchmarkStoreWrite(b, &Target{Dialect: "sqlite", Where: "sqlite:" + path, Path: path})
	})
	b.Run("postgres", func(b *testing.B) {
		u := os.Getenv("HSREPORTS_TEST_POSTGRES")
		if u == "" {
			b.Skip("no PostgreSQL: run with .ci/postgres")
		}
		tg, err := Parse(u)
		require.NoError(b, err)
		s, err := Open(context.Background(), tg, Options{})
		require.NoError(b, err)
		_, err = s.db.Exec(`DELETE FROM metrics; DELETE FROM hsreports_buckets`)
		require.NoError(b, err)
		require.NoError(b, s.Close())
		benchmarkStoreWrite(b, tg)
	})
}

func benchmarkStoreWrite(b *testing.B, tg *Target) {
	ctx := context.Background()
	s, err := Open(ctx, tg, Options{})
	require.NoError(b, err)
	defer s.Close()
	rows := make([]Row, 110)
	for i := range rows {
		w := float64(i)
		rows[i] = Row{Metric: fmt.Sprintf("users.%d.replies", 100000+i), Pattern: "users.*.replies", Item: fmt.Sprint(100000 + i), Value: float64(i), Weight: &w}
	}
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for i := range b.N {
		start := day.AddDate(0, 0, i)
		bk := &Bucket{Key: Key{"company", "", "day", "UTC", start}, End: start.AddDate(0, 0, 1), Date: start.Format(time.DateOnly),
			Complete: true, FetchedAt: day, Rows: rows}
		require.NoError(b, s.Write(ctx, bk))
	}
}

func TestWriteRatingsTwiceInAChunk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	s, err := Open(context.Background(), &Target{Dialect: "sqlite", Where: "sqlite:" + path, Path: path}, Options{})
	require.NoError(t, err)
	defer s.Close()
	at := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	day := &Bucket{Key: Key{"happiness/ratings", "", "day", "UTC", at.Truncate(24 * time.Hour)}, End: at.Truncate(24*time.Hour).AddDate(0, 0, 1),
		Date: "2026-10-01", Complete: true, FetchedAt: at}
	okay, great := "okay", "great"
	r := Rating{ConversationID: 1, ThreadID: 2, Number: 3, Rating: &okay, CreatedAt: &at}
	r2 := r
	r2.Rating = &great
	// A walk whose pages shifted meets a rating twice: the last one counts.
	require.NoError(t, s.WriteRatings(context.Background(), []*Bucket{day}, []Rating{r, r2}, at))
	var n int
	var rating, created string
	require.NoError(t, s.db.QueryRow(`SELECT count(*), max(rating), max(created_at) FROM ratings`).Scan(&n, &rating, &created))
	assert.Equal(t, 1, n)
	assert.Equal(t, "great", rating)
	assert.Equal(t, "2026-10-01T12:00:00Z", created)
	var metrics int
	require.NoError(t, s.db.QueryRow(`SELECT metrics FROM hsreports_buckets WHERE report = 'happiness/ratings'`).Scan(&metrics))
	assert.Equal(t, 1, metrics, "the ratings of the day, each once")
}

func TestWriteNames(t *testing.T) {
	for _, tg := range testTargets(t) {
		s, err := Open(context.Background(), tg, Options{})
		require.NoError(t, err)
		at := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
		n := Names{
			Users:     []NamedUser{{100101, "Maya Patel", "maya@example.com"}},
			Mailboxes: []Mailbox{{201, "Support", "support", "support@example.com"}},
			Tags:      []Tag{{501, `vip, "gold"`, "vip-gold", "#ff0000"}},
			Folders:   []Folder{{901, 201, "Needs Attention", "open"}},
		}
		require.NoError(t, s.WriteNames(context.Background(), n, at))
		n.Tags[0].Name = "vip"
		require.NoError(t, s.WriteNames(context.Background(), n, at.Add(time.Hour)), "again: upserted")
		for _, c := range []struct{ q, want string }{
			{`SELECT name || '|' || email FROM users`, "Maya Patel|maya@example.com"},
			{`SELECT name || '|' || slug FROM mailboxes`, "Support|support"},
			{`SELECT name || '|' || color FROM tags`, "vip|#ff0000"},
			{`SELECT name || '|' || CAST(mailbox_id AS TEXT) FROM folders`, "Needs Attention|201"},
		} {
			var got string
			require.NoError(t, s.db.QueryRow(c.q).Scan(&got), c.q)
			assert.Equal(t, c.want, got, tg.Dialect)
		}
		require.NoError(t, s.Close())
	}
}

// testTargets are a new SQLite file, and the PostgreSQL of
// HSREPORTS_TEST_POSTGRES in a schema of its own when set.
func testTargets(t *testing.T) []*Target {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	out := []*Target{{Dialect: "sqlite", Where: "sqlite:" + path, Path: path}}
	u := os.Getenv("HSREPORTS_TEST_POSTGRES")
	if u == "" {
		return out
	}
	tg, err := Parse(u)
	require.NoError(t, err)
	schema := fmt.Sprintf("store_test_%d", time.Now().UnixNano())
	db := stdlibOpen(tg)
	_, err = db.Exec("CREATE SCHEMA " + schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	tg.pg.RuntimeParams["search_path"] = schema
	return append(out, tg)
}
