package main

// The history and lookup tools of hsreports mcp, on a database of the shape
// hsreports sync's schema 2 has (issue 28), made here.

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	hsmcp "github.com/helpscout-go/reports/cmd/hsreports/internal/mcp"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// historySchema is the shape of the tables history reads: schema 2's
// metrics (keyed by report, filters, granularity, tz, period_start and
// metric, with period_date), metric_info, and the names; timestamps are
// TIMESTAMPTZ in PostgreSQL, RFC 3339 text in SQLite.
func historySchema(postgres bool) string {
	ts, date, real, suffix := "TEXT", "TEXT", "REAL", " WITHOUT ROWID"
	if postgres {
		ts, date, real, suffix = "TIMESTAMPTZ", "DATE", "DOUBLE PRECISION", ""
	}
	return `
CREATE TABLE metrics (report TEXT NOT NULL, filters TEXT NOT NULL, granularity TEXT NOT NULL, tz TEXT NOT NULL,
  period_start ` + ts + ` NOT NULL, period_end ` + ts + ` NOT NULL, period_date ` + date + ` NOT NULL, metric TEXT NOT NULL,
  value ` + real + ` NOT NULL, fetched_at ` + ts + ` NOT NULL,
  PRIMARY KEY (report, filters, granularity, tz, period_start, metric))` + suffix + `;
CREATE TABLE metric_info (report TEXT NOT NULL, metric TEXT NOT NULL, kind TEXT NOT NULL, unit TEXT NOT NULL,
  weight TEXT, description TEXT, PRIMARY KEY (report, metric));
CREATE TABLE users (id BIGINT PRIMARY KEY, name TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE mailboxes (id BIGINT PRIMARY KEY, name TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE tags (id BIGINT PRIMARY KEY, name TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE folders (id BIGINT PRIMARY KEY, mailbox_id BIGINT NOT NULL, name TEXT NOT NULL, updated_at TEXT NOT NULL);
`
}

// historyInfo are the metric_info rows of the database: report, metric,
// kind, unit, weight.
var historyInfo = [][5]string{
	{"company", "totalReplies", "count", "count", ""},
	{"company", "totalDays", "count", "days", ""},
	{"company", "closed", "count", "count", ""},
	{"company", "repliesPerDay", "average", "count", "totalDays"},
	{"company", "customersHelped", "distinct", "count", ""},
	{"company", "users.*.replies", "count", "count", ""},
	{"company", "users.*.handleTime", "average", "seconds", "users.*.replies"},
	{"company", "deltas.totalReplies", "change", "percent", ""},
	{"productivity", "responseTime", "average", "seconds", "repliesSent"},
	{"productivity", "repliesSent", "count", "count", ""},
	{"productivity", "percentResolvedOnFirstReply", "percent", "fraction", ""},
}

// historyDay is day i's figures (i from 0): metric, value.
func historyDay(i int) map[string]float64 {
	return map[string]float64{
		"totalReplies":            float64(30 + i%7),
		"totalDays":               1,
		"closed":                  float64(10 + i%4),
		"repliesPerDay":           float64(30 + i%7),
		"customersHelped":         float64(20 + i%5),
		"users.100101.replies":    float64(10 + i%3),
		"users.100101.handleTime": float64(300 + 60*(i%2)),
		"users.100102.replies":    float64(5),
		"users.100102.handleTime": 120,
	}
}

// historyDB makes a SQLite database of the shape of schema 2 in a test's
// folder, filled by fillHistory, and returns its --db URL.
func historyDB(t testing.TB, tz string, first time.Time, days int, skip ...string) (url string, db *sql.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hsreports.db")
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	fillHistory(t, db, false, tz, first, days, skip...)
	return "sqlite:" + path, db
}

// fillHistory makes the tables of schema 2's shape in db, with days days
// of company figures in tz from first (a date in tz), none on the skipped
// dates, their metric_info and names.
func fillHistory(t testing.TB, db *sql.DB, postgres bool, tz string, first time.Time, days int, skip ...string) {
	t.Helper()
	_, err := db.Exec(historySchema(postgres))
	require.NoError(t, err)
	tx, err := db.Begin()
	require.NoError(t, err)
	for _, r := range historyInfo {
		var weight any
		if r[4] != "" {
			weight = r[4]
		}
		_, err := tx.Exec(`INSERT INTO metric_info VALUES ($1, $2, $3, $4, $5, $6)`, r[0], r[1], r[2], r[3], weight, "the "+r[1])
		require.NoError(t, err)
	}
	for _, u := range []struct {
		id   int64
		name string
	}{{100101, "Maya Patel"}, {100102, "Jonas Berg"}, {100103, "Maya Patel"}} {
		_, err := tx.Exec(`INSERT INTO users VALUES ($1, $2, $3)`, u.id, u.name, "2026-11-26T00:00:00Z")
		require.NoError(t, err)
	}
	_, err = tx.Exec(`INSERT INTO mailboxes VALUES (101, 'Support', 'x'), (102, 'Sales, EU', 'x')`)
	require.NoError(t, err)
	_, err = tx.Exec(`INSERT INTO tags VALUES (7, 'vip', 'x')`)
	require.NoError(t, err)
	_, err = tx.Exec(`INSERT INTO folders VALUES (9, 101, 'Needs Attention', 'x'), (10, 102, 'Needs Attention', 'x')`)
	require.NoError(t, err)
	stmt, err := tx.Prepare(`INSERT INTO metrics VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`)
	require.NoError(t, err)
	loc, err := time.LoadLocation(tz)
	require.NoError(t, err)
	skipped := map[string]bool{}
	for _, s := range skip {
		skipped[s] = true
	}
	ts := func(t time.Time) any {
		if postgres {
			return t.UTC()
		}
		return t.UTC().Format(time.RFC3339)
	}
	fetched := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	y, m, d := first.Date()
	for i := range days {
		start := time.Date(y, m, d+i, 0, 0, 0, 0, loc)
		end := time.Date(y, m, d+i+1, 0, 0, 0, 0, loc)
		if skipped[start.Format(time.DateOnly)] {
			continue
		}
		for metric, v := range historyDay(i) {
			_, err := stmt.Exec("company", "", "day", tz, ts(start), ts(end), start.Format(time.DateOnly), metric, v, ts(fetched))
			require.NoError(t, err)
		}
	}
	require.NoError(t, tx.Commit())
}

// mcpServe connects a client to the server of o, over an in-memory
// transport pair.
func mcpServe(t testing.TB, o *hsmcp.Options) *mcp.ClientSession {
	t.Helper()
	srv, done, err := hsmcp.NewServer(o)
	require.NoError(t, err)
	t.Cleanup(done)
	st, ct := mcp.NewInMemoryTransports()
	ss, err := srv.Connect(t.Context(), st, nil)
	require.NoError(t, err)
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "hsreports-test", Version: "0"}, nil).Connect(t.Context(), ct, nil)
	require.NoError(t, err)
	t.Cleanup(func() {
		cs.Close()
		ss.Wait()
	})
	return cs
}

// historyServer serves the database at url with no credentials: the
// database's tools only.
func historyServer(t testing.TB, url string, flags ...string) *mcp.ClientSession {
	t.Helper()
	return mcpServe(t, &hsmcp.Options{App: mcpApp(t, nil, io.Discard, flags...), DB: url})
}

// points are the values of a history answer, by start date ("" for
// none stored).
func points(t *testing.T, res *mcp.CallToolResult) map[string]string {
	t.Helper()
	sc, ok := res.StructuredContent.(map[string]any)
	require.True(t, ok)
	out := map[string]string{}
	for _, p := range asSlice(sc["points"]) {
		p := p.(map[string]any)
		v := ""
		if p["value"] != nil {
			v = fmt.Sprint(p["value"])
		}
		out[p["start"].(string)] = v
	}
	return out
}

// TestMCPHistoryDatabaseOnly: with --db and no credentials, the server
// serves the database's tools only, says so in its instructions, and its
// answers send no request (there is no client to send one).
func TestMCPHistoryDatabaseOnly(t *testing.T) {
	url, _ := historyDB(t, "UTC", time.Date(2025, 11, 26, 0, 0, 0, 0, time.UTC), 365)
	cs := historyServer(t, url)
	var names []string
	for tool, err := range cs.Tools(t.Context(), nil) {
		require.NoError(t, err)
		names = append(names, tool.Name)
		assert.True(t, tool.Annotations.ReadOnlyHint, tool.Name)
	}
	assert.ElementsMatch(t, []string{"history", "lookup"}, names)
	instr := cs.InitializeResult().Instructions
	assert.Contains(t, instr, "Only the database's tools are served")
	assert.Contains(t, instr, "no API credentials")
	var prompts []string
	for p, err := range cs.Prompts(t.Context(), nil) {
		require.NoError(t, err)
		prompts = append(prompts, p.Name)
	}
	assert.Equal(t, []string{"investigate-metric"}, prompts, "weekly-review needs the live reports")

	res, text := mcpCall(t, cs, "history", map[string]any{"report": "company", "metric": "totalReplies", "each": "week", "last": "4w"})
	require.False(t, res.IsError, text)
	assert.Contains(t, text, "no API request")

	// One credential without the other is a mistake, not "no credentials".
	a := mcpApp(t, map[string]string{envClientID: "x"}, io.Discard)
	_, _, err := hsmcp.NewServer(&hsmcp.Options{App: a, DB: url})
	require.Error(t, err)
	assert.Contains(t, err.Error(), envClientSecret)
}

// TestMCPHistoryAggregates: counts are summed over the days of a week or
// a month, averages weighted by their weight, distinct counts refused from
// days with why (and the sync line of weeks), taken as stored per day; the
// answer names the range, its zone and the kind, and that nothing is
// missing.
func TestMCPHistoryAggregates(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		first := time.Date(2025, 11, 24, 0, 0, 0, 0, time.UTC) // a Monday
		fillHistory(t, db.db, db.postgres, "UTC", first, 364)  // 52 whole weeks, to 2026-11-22
		testHistoryAggregates(t, historyServer(t, db.url), first)
	})
}

func testHistoryAggregates(t *testing.T, cs *mcp.ClientSession, first time.Time) {

	week := func(w int) (replies, perDay float64) {
		for i := 7 * w; i < 7*w+7; i++ {
			d := historyDay(i)
			replies += d["totalReplies"]
			perDay += d["repliesPerDay"] * d["totalDays"]
		}
		return replies, perDay / 7
	}
	res, text := mcpCall(t, cs, "history", map[string]any{"report": "company", "metric": "totalReplies", "each": "week"})
	require.False(t, res.IsError, text)
	got := points(t, res)
	require.Len(t, got, 52, "every stored week: the default range is all that is stored")
	for w := range 52 {
		replies, _ := week(w)
		assert.Equal(t, fmt.Sprint(replies), got[first.AddDate(0, 0, 7*w).Format(time.DateOnly)], "week %d", w)
	}
	assert.Contains(t, text, "History of company totalReplies (count, count) per week, summed over days")
	assert.Contains(t, text, "Range: 2025-11-24 to 2026-11-22, UTC (52 weeks)")
	assert.Contains(t, text, "Missing: nothing in the range.")

	res, text = mcpCall(t, cs, "history", map[string]any{"report": "company", "metric": "repliesPerDay", "each": "week", "start": "2026-01-05", "end": "2026-01-19"})
	require.False(t, res.IsError, text)
	got = points(t, res)
	require.Len(t, got, 2)
	_, avg := week(6)
	assert.Equal(t, fmt.Sprint(avg), got["2026-01-05"], "an average weighted by its weight (totalDays)")
	assert.Contains(t, text, "averaged over days, weighted by totalDays")

	res, text = mcpCall(t, cs, "history", map[string]any{"report": "company", "metric": "customersHelped", "each": "week"})
	assert.True(t, res.IsError, text)
	assert.Contains(t, text, "a distinct count")
	assert.Contains(t, text, "hsreports sync --reports company --each week")

	res, text = mcpCall(t, cs, "history", map[string]any{"report": "company", "metric": "customersHelped", "last": "7d"})
	require.False(t, res.IsError, text)
	assert.Len(t, points(t, res), 7, "per day, as stored")

	res, text = mcpCall(t, cs, "history", map[string]any{"report": "company", "metric": "users.Jonas Berg.replies", "each": "month", "start": "2026-02-01", "end": "2026-03-01"})
	require.False(t, res.IsError, text)
	assert.Equal(t, map[string]string{"2026-02-01": "140"}, points(t, res), "a user by name, from the users table: 28 days of 5")
	assert.Contains(t, text, "users.100102.replies")

	res, text = mcpCall(t, cs, "history", map[string]any{"report": "company", "metric": "users.100101.handleTime", "each": "week", "start": "2026-01-05", "end": "2026-01-12"})
	require.False(t, res.IsError, text)
	var sum, weights float64
	for i := 42; i < 49; i++ {
		d := historyDay(i)
		sum += d["users.100101.handleTime"] * d["users.100101.replies"]
		weights += d["users.100101.replies"]
	}
	assert.Equal(t, fmt.Sprint(sum/weights), points(t, res)["2026-01-05"], "weighted by the user's own replies")
	assert.Regexp(t, `\d+m \d+s \([\d,]+ s\)`, text, "seconds as a duration")

	for _, c := range []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"report": "company", "metric": "users.Maya Patel.replies"}, `"Maya Patel": 2 match`},
		{map[string]any{"report": "company", "metric": "users.Nobody.replies"}, "no user of that name"},
		{map[string]any{"report": "company", "metric": "users.*.replies"}, "name one of users"},
		{map[string]any{"report": "company", "metric": "replies"}, "no such metric of company; it has"},
		{map[string]any{"report": "company", "metric": "deltas.totalReplies"}, "a change from a previous range"},
		{map[string]any{"report": "company", "metric": "totalReplies", "each": "year"}, "want day, week or month"},
		{map[string]any{"report": "user", "metric": "x"}, "want one of company"},
		{map[string]any{"report": "company", "metric": "totalReplies", "tz": "Local"}, "no such time zone"},
		{map[string]any{"report": "company", "metric": "totalReplies", "tz": "Europe/Berlin"}, "stored in UTC only"},
		{map[string]any{"report": "company", "metric": "totalReplies", "last": "4w", "start": "2026-01-01"}, "give one or the other"},
		{map[string]any{"report": "company", "metric": "totalReplies", "filters": "color=red"}, "want mailbox="},
		{map[string]any{"report": "company", "metric": "totalReplies", "filters": "mailbox=Support"}, "nothing stored of company totalReplies [mailbox=101]"},
		{map[string]any{"report": "productivity", "metric": "responseTime"}, "nothing stored of productivity responseTime"},
		{map[string]any{"report": "company"}, "report and metric are required"},
		{map[string]any{"report": "company", "metric": "totalReplies", "from": 1}, `no argument "from"`},
	} {
		res, text := mcpCall(t, cs, "history", c.args)
		assert.True(t, res.IsError, "%v: %s", c.args, text)
		assert.Contains(t, text, c.want, "%v", c.args)
	}
	_, text = mcpCall(t, cs, "lookup", map[string]any{"kind": "folders", "name": "needs attention"})
	assert.Contains(t, text, "2 of 2 folders match", "names from the database's tables")
}

// TestMCPHistoryMissing: what is not stored is listed, with the sync line
// that fetches it; a week short of days is marked, and its value is that
// of the days stored.
func TestMCPHistoryMissing(t *testing.T) {
	first := time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC) // a Monday
	url, _ := historyDB(t, "UTC", first, 42, "2026-03-01", "2026-03-02", "2026-03-03", "2026-03-10")
	cs := historyServer(t, url)
	res, text := mcpCall(t, cs, "history", map[string]any{"report": "company", "metric": "totalReplies", "each": "week", "filters": ""})
	require.False(t, res.IsError, text)
	sc := res.StructuredContent.(map[string]any)
	assert.Equal(t, []any{
		map[string]any{"start": "2026-03-01", "end": "2026-03-04"},
		map[string]any{"start": "2026-03-10", "end": "2026-03-11"},
	}, sc["missing"])
	assert.Equal(t, "hsreports sync --reports company --each day --start 2026-03-01 --end 2026-03-11 --tz UTC", sc["sync"])
	assert.Contains(t, text, "Missing: 4 days (2026-03-01 to 2026-03-04, 2026-03-10 to 2026-03-11, end excluded)")
	assert.Contains(t, text, "(6 of 7 days stored)")
	assert.Contains(t, text, "hsreports sync --reports company --each day --start 2026-03-01 --end 2026-03-11 --tz UTC")
}

// TestMCPHistoryZone: buckets cut in Berlin are read in Berlin, by
// default when that is the only zone stored; weeks start on Berlin's
// Mondays; the sync line carries the zone.
func TestMCPHistoryZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	url, _ := historyDB(t, "Europe/Berlin", time.Date(2026, 3, 23, 0, 0, 0, 0, berlin), 14) // across the change to summer time
	cs := historyServer(t, url)
	res, text := mcpCall(t, cs, "history", map[string]any{"report": "company", "metric": "totalReplies", "each": "week"})
	require.False(t, res.IsError, text)
	assert.Len(t, points(t, res), 2)
	assert.Contains(t, text, "Europe/Berlin")
	res, text = mcpCall(t, cs, "history", map[string]any{"report": "company", "metric": "totalReplies", "tz": "UTC"})
	assert.True(t, res.IsError)
	assert.Contains(t, text, "stored in Europe/Berlin only")
	assert.Contains(t, text, "--tz UTC")
}

// TestMCPStoreRefuses: a database that is not one of sync's, or no file at
// all, is refused at start, before anything is served; the store never
// writes (the file is opened read-only).
func TestMCPStoreRefuses(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.db")
	db, err := sql.Open("sqlite", "file:"+empty)
	require.NoError(t, err)
	_, err = db.Exec(`CREATE TABLE metrics (x TEXT)`)
	require.NoError(t, err)
	db.Close()
	for _, c := range []struct{ url, want string }{
		{"sqlite:" + empty, "no metric_info table"},
		{"sqlite:" + filepath.Join(t.TempDir(), "nothing.db"), "no such database file"},
		{"mysql://x", "want sqlite:FILE or postgres://"},
		{"postgres://u:pass%25word@[::1", "not a valid postgres:// URL"},
		{"postgres://u:pass%25word@127.0.0.1:1/x?password=pass%25word&connect_timeout=5", "--db postgres://u@127.0.0.1:1/x: "},
	} {
		_, _, err := hsmcp.NewServer(&hsmcp.Options{App: mcpApp(t, nil, io.Discard), DB: c.url})
		require.Error(t, err, c.url)
		assert.Contains(t, err.Error(), c.want, c.url)
		assert.NotContains(t, err.Error(), "pass%word", "no password in an error")
		assert.NotContains(t, err.Error(), "pass%25word", "no password in an error, encoded either way")
	}

	url, _ := historyDB(t, "UTC", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 3)
	st, err := hsmcp.OpenStore(context.Background(), url)
	require.NoError(t, err)
	defer st.Close()
	_, err = st.Info(context.Background(), "company")
	require.NoError(t, err)
	raw, err := sql.Open("sqlite", "file:"+strings.TrimPrefix(url, "sqlite:")+"?mode=ro")
	require.NoError(t, err)
	defer raw.Close()
	_, err = raw.Exec(`DELETE FROM metrics`)
	assert.Error(t, err, "a read-only connection cannot write, as the store's")
}

// TestMCPLookup: lookup lists a kind's ids and names (from the API, through
// the SDK's resolver), those a name matches (exactly, case and spacing
// aside, else in part), folders of a mailbox given by name; its argument
// errors are tool errors.
func TestMCPLookup(t *testing.T) {
	srv, env := fakeAPI(t)
	dir := srv.Directory()
	cs := mcpServe(t, &hsmcp.Options{App: mcpApp(t, env, io.Discard)})
	res, text := mcpCall(t, cs, "lookup", map[string]any{"kind": "users"})
	require.False(t, res.IsError, text)
	assert.Contains(t, text, fmt.Sprintf("%d users.", len(dir.Users)))
	assert.Contains(t, text, "100101  Maya Patel  <maya.patel@acme.example>")
	assert.Equal(t, float64(len(dir.Users)), res.StructuredContent.(map[string]any)["count"])

	_, text = mcpCall(t, cs, "lookup", map[string]any{"kind": "users", "name": "  maya   PATEL "})
	assert.Contains(t, text, fmt.Sprintf("1 of %d users match", len(dir.Users)))
	assert.NotContains(t, text, "Lopez", "an exact match hides the partial ones")
	_, text = mcpCall(t, cs, "lookup", map[string]any{"kind": "users", "name": "maya"})
	assert.Contains(t, text, fmt.Sprintf("2 of %d users match", len(dir.Users)))
	_, text = mcpCall(t, cs, "lookup", map[string]any{"kind": "tags", "name": "vip"})
	assert.Contains(t, text, "306  vip  (slug vip)")
	_, text = mcpCall(t, cs, "lookup", map[string]any{"kind": "folders", "mailbox": "Billing"})
	assert.Contains(t, text, "needs attention  (mailbox 203)")
	assert.NotContains(t, text, "(mailbox 201)")
	_, text = mcpCall(t, cs, "lookup", map[string]any{"kind": "folders", "mailbox": 201, "name": "Needs Attention"})
	assert.Contains(t, text, "2014  Needs Attention  (mailbox 201)")
	_, text = mcpCall(t, cs, "lookup", map[string]any{"kind": "mailboxes", "name": "nothing"})
	assert.Contains(t, text, "0 of 3 mailboxes match")
	assert.Contains(t, text, "Call without name")

	for _, c := range []struct {
		args map[string]any
		want string
	}{
		{map[string]any{}, "kind: required"},
		{map[string]any{"kind": "teams"}, "kind: want users, mailboxes, tags or folders"},
		{map[string]any{"kind": "users", "mailbox": 201}, "mailbox: only for folders"},
		{map[string]any{"kind": "folders", "mailbox": 0}, "mailbox: want a positive id"},
		{map[string]any{"kind": "folders", "mailbox": "Nowhere"}, `no mailbox is named "Nowhere"`},
		{map[string]any{"kind": "users", "shoe": 1}, `no argument "shoe"`},
	} {
		res, text := mcpCall(t, cs, "lookup", c.args)
		assert.True(t, res.IsError, "%v: %s", c.args, text)
		assert.Contains(t, text, c.want, "%v", c.args)
	}

	// From the database's tables when there is no directory of the API.
	url, _ := historyDB(t, "UTC", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 1)
	cs = historyServer(t, url)
	_, text = mcpCall(t, cs, "lookup", map[string]any{"kind": "folders", "name": "needs attention"})
	assert.Contains(t, text, "2 of 2 folders match")
	_, text = mcpCall(t, cs, "lookup", map[string]any{"kind": "users", "name": "Maya Patel"})
	assert.Contains(t, text, "2 of 3 users match", "two users of one name: both, with their ids")
}
