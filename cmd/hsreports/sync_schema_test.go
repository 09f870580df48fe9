package main

// Schema 2: what the stored rows mean (issue 28). Every test runs on SQLite
// and on PostgreSQL.

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/helpscout-go/reports"
	hssync "github.com/helpscout-go/reports/cmd/hsreports/internal/sync"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// noOverlap is the SQL that finds two rows of one series whose periods
// overlap: it must find none.
const noOverlap = `SELECT count(*) FROM metrics a JOIN metrics b
	ON a.report = b.report AND a.filters = b.filters AND a.granularity = b.granularity AND a.tz = b.tz AND a.metric = b.metric
	AND a.period_start < b.period_end AND b.period_start < a.period_end AND a.period_start <> b.period_start`

// wholeBucketsOnly checks that every stored bucket is a whole day, week or
// month of its zone, and that its date is its first local date.
func wholeBucketsOnly(t *testing.T, db testDB) {
	t.Helper()
	for _, row := range db.rows(t, `SELECT DISTINCT granularity, tz, period_start, period_end, period_date FROM hsreports_buckets`) {
		f := strings.Split(row, "|")
		loc, err := time.LoadLocation(f[1])
		require.NoError(t, err)
		start, err := time.Parse(time.RFC3339, f[2])
		require.NoError(t, err)
		end, err := time.Parse(time.RFC3339, f[3])
		require.NoError(t, err)
		of := map[string]func(time.Time) reports.Dates{"day": reports.Day, "week": reports.Week, "month": reports.Month}[f[0]]
		require.NotNil(t, of, row)
		want := of(start.In(loc))
		assert.True(t, want.Start.Equal(start) && want.End.Equal(end), "a whole %s in %s: %s", f[0], f[1], row)
		assert.Equal(t, start.In(loc).Format(time.DateOnly), strings.TrimSuffix(f[4], "T00:00:00Z"), row)
	}
}

func TestSyncWholeBucketsNeverOverlap(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		_, env := fakeAPI(t)
		sync := func(present time.Time, args ...string) {
			t.Helper()
			args = append([]string{"sync", "--db", db.url, "--reports", "company,happiness"}, args...)
			r := hsAt(t, present, env, args...)
			require.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
		}
		// Weeks cut on three different days (a Thursday, a Friday, a
		// Sunday), each run's --last 30d widened to whole weeks, the week
		// in progress stored incomplete, then complete; a month beside
		// the days; Berlin's days beside UTC's.
		for _, day := range []int{26, 27, 29} {
			sync(time.Date(2026, 11, day, 15, 0, 0, 0, time.UTC), "--each", "week")
		}
		assert.Equal(t, 1, db.count(t, `SELECT count(DISTINCT period_start) FROM hsreports_buckets WHERE granularity = 'week' AND complete = ?`, false),
			"the week in progress (Nov 23 to 30), stored once, incomplete")
		sync(time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC), "--each", "week", "--last", "2w")
		assert.Zero(t, db.count(t, `SELECT count(*) FROM hsreports_buckets WHERE granularity = 'week' AND complete = ?`, false),
			"replaced in place once whole")
		sync(testNow, "--each", "month", "--last", "3m")
		sync(testNow, "--each", "day", "--start", "2026-10-20", "--end", "2026-11-20")
		sync(testNow, "--each", "day", "--last", "10d", "--tz", "Europe/Berlin")
		sync(testNow, "--each", "month", "--start", "2026-10-15", "--end", "2026-11-03") // widened to October and November

		assert.Zero(t, db.count(t, noOverlap), "no two rows of one series overlap")
		wholeBucketsOnly(t, db)
		assert.Equal(t, []string{"day|Europe/Berlin", "day|UTC", "month|UTC", "week|UTC"},
			db.rows(t, `SELECT DISTINCT granularity, tz FROM metrics ORDER BY 1, 2`))
		assert.Equal(t, 4, db.count(t, `SELECT count(DISTINCT period_start) FROM metrics WHERE granularity = 'month'`),
			"August to November, however asked for")
		assert.Equal(t, 1, db.count(t, `SELECT count(*) FROM metrics WHERE granularity = 'month' AND complete = ? AND metric = 'totalReplies'`, false),
			"November, in progress at the present")
	})
}

// describedMetrics are the stub's (the SDK's) infos of a report, by
// pattern as sync stores it.
func describedMetrics(report string) map[string]hssync.MetricInfo {
	r, _ := resultOf(report)
	out := map[string]hssync.MetricInfo{}
	for _, i := range hssync.Infos(r) {
		out[strings.TrimPrefix(i.Name, "current.")] = i
	}
	return out
}

// resultOf is a nil result of a report, for Infos.
func resultOf(name string) (any, bool) {
	for _, r := range catalog {
		if r.Info().Slug() == name {
			return zeroResult(r), true
		}
	}
	return nil, false
}

func TestSyncStoresOnlyWhatABucketMeans(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		_, env := fakeAPI(t)
		all := strings.Join(hssync.Sources, ",")
		r := hs(t, env, syncArgs(db, "--reports", all)...)
		require.Equal(t, exitOK, r.code, r.stderr)
		for _, report := range hssync.Sources {
			infos := describedMetrics(report)
			var want []string
			for name, i := range infos {
				if !i.Comparison && i.Kind != "id" {
					want = append(want, name)
				}
			}
			got := db.rows(t, `SELECT metric FROM metric_info WHERE report = ? ORDER BY metric`, report)
			assert.ElementsMatch(t, want, got, "%s: metric_info lists every metric the report can store", report)
			// Every stored figure is described, none is a comparison
			// figure or an id, and its item is its list keys.
			for _, row := range db.rows(t, `SELECT DISTINCT m.metric, m.pattern, m.item, i.kind FROM metrics m
				LEFT JOIN metric_info i ON i.report = m.report AND i.metric = m.pattern WHERE m.report = ?`, report) {
				f := strings.Split(row, "|")
				info, ok := infos[f[1]]
				require.True(t, ok, "%s %s: described", report, row)
				assert.False(t, info.Comparison, "%s %s: no previous figure or change", report, row)
				assert.NotEqual(t, "id", info.Kind, "%s %s: no id as a value", report, row)
				assert.Equal(t, info.Kind, f[3], "%s %s", report, row)
				var keys []string
				parts := strings.Split(f[0], ".")
				for k, seg := range strings.Split(f[1], ".") {
					if seg == "*" {
						keys = append(keys, parts[k])
					}
				}
				assert.Equal(t, strings.Join(keys, "."), f[2], "%s %s: the ids are in the name, and in item", report, row)
			}
		}
		assert.Zero(t, db.count(t, `SELECT count(*) FROM metrics WHERE metric LIKE '%previous%' OR metric LIKE '%delta%' OR metric LIKE '%mailboxId'`))
		assert.Positive(t, db.count(t, `SELECT count(*) FROM metrics WHERE metric LIKE 'users.%.replies' AND item <> ''`))
	})
}

func TestSyncViewsAggregateByKind(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		srv, env := fakeAPI(t)
		args := []string{"sync", "--db", db.url, "--reports", "company,productivity,happiness", "--start", "2026-10-05", "--end", "2026-10-19"} // two whole weeks
		for _, each := range []string{"day", "week"} {
			r := hs(t, env, append(args, "--each", each)...)
			require.Equal(t, exitOK, r.code, r.stderr)
		}
		c, ctx := srv.Client(), context.Background()
		week := reports.Week(time.Date(2026, 10, 12, 12, 0, 0, 0, time.UTC))
		company, err := c.GetCompany(ctx, reports.CompanyParams{Dates: week})
		require.NoError(t, err)
		prod, err := c.GetProductivity(ctx, reports.ProductivityParams{Dates: week})
		require.NoError(t, err)
		happy, err := c.GetHappiness(ctx, reports.HappinessParams{Dates: week})
		require.NoError(t, err)
		get := func(report, metric string) (float64, string) {
			t.Helper()
			var v float64
			var source string
			require.NoError(t, db.db.QueryRow(db.rebind(`SELECT value, source FROM metric_weeks
				WHERE report = ? AND filters = '' AND tz = 'UTC' AND week = ? AND metric = ?`), report, db.date("2026-10-12"), metric).Scan(&v, &source),
				"%s %s", report, metric)
			return v, source
		}
		for _, c := range []struct {
			report, metric, source string
			want                   float64
		}{
			{"company", "totalReplies", "days", company.Current.TotalReplies},         // a count: summed
			{"company", "customersHelped", "stored", company.Current.CustomersHelped}, // distinct: the week's own row
			{"company", "totalUsers", "stored", company.Current.TotalUsers},
			// Averages weighted by their count. (Not responseTime and
			// handleTime: the SDK weights them by repliesSent, the fake
			// averages them per conversation.)
			{"productivity", "resolutionTime", "days", prod.Current.ResolutionTime},     // weighted by resolved
			{"productivity", "repliesToResolve", "days", prod.Current.RepliesToResolve}, // by resolved
			{"productivity", "percentResolvedOnFirstReply", "days", prod.Current.PercentResolvedOnFirstReply},
			{"happiness", "happinessScore", "days", happy.Current.HappinessScore}, // a score weighted by ratingsCount
			{"happiness", "great", "days", happy.Current.Great},                   // a percent of ratingsCount
		} {
			got, source := get(c.report, c.metric)
			assert.Equal(t, c.source, source, "%s %s", c.report, c.metric)
			assert.InDelta(t, c.want, got, 0.01+math.Abs(c.want)*0.001, "%s %s: the week's figure from the view", c.report, c.metric)
		}
		naive := db.count(t, `SELECT count(*) FROM metric_weeks WHERE metric = 'customersHelped' AND source = 'days'`)
		assert.Zero(t, naive, "a distinct count is never summed")
		var days int
		require.NoError(t, db.db.QueryRow(`SELECT days FROM metric_weeks WHERE report = 'company' AND metric = 'totalReplies' AND complete = `+db.boolean(true)+` LIMIT 1`).Scan(&days))
		assert.Equal(t, 7, days)
	})
}

// date is a local date as the database compares it.
func (db testDB) date(d string) any {
	if db.postgres {
		t, _ := time.Parse(time.DateOnly, d)
		return t
	}
	return d
}

// boolean is a literal boolean of the database.
func (db testDB) boolean(b bool) string {
	if db.postgres {
		return fmt.Sprint(b)
	}
	if b {
		return "1"
	}
	return "0"
}

func TestSyncUsersAndRatings(t *testing.T) {
	eachDB(t, func(t *testing.T, db testDB) {
		srv, env := fakeAPI(t)
		r := hs(t, env, syncArgs(db)...)
		require.Equal(t, exitOK, r.code, r.stderr)
		whole := reports.Dates{Start: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 10, 11, 0, 0, 0, 0, time.UTC)}
		company, err := srv.Client().GetCompany(context.Background(), reports.CompanyParams{Dates: whole})
		require.NoError(t, err)
		users := db.rows(t, `SELECT id, name FROM users`)
		require.NotEmpty(t, company.Users)
		for _, u := range company.Users {
			assert.Contains(t, users, u.User+"|"+u.Name, "the users the company report names")
		}
		// The names the dashboards join, from the lists (issue 29): every
		// user, mailbox, tag and folder of the account.
		dir := srv.Directory()
		var want []string
		for _, u := range dir.Users {
			want = append(want, fmt.Sprintf("%d|%s", u.ID, u.Name()))
		}
		assert.ElementsMatch(t, want, users, "every user of the account")
		want = nil
		for _, m := range dir.Mailboxes {
			want = append(want, fmt.Sprintf("%d|%s", m.ID, m.Name))
		}
		assert.ElementsMatch(t, want, db.rows(t, `SELECT id, name FROM mailboxes`))
		want = nil
		for _, tg := range dir.Tags {
			want = append(want, fmt.Sprintf("%d|%s", tg.ID, tg.Name))
		}
		assert.ElementsMatch(t, want, db.rows(t, `SELECT id, name FROM tags`))
		assert.Equal(t, len(dir.Folders), db.count(t, `SELECT count(*) FROM folders`))

		// A rating per rating of the range: as many as the happiness days
		// count, each as the API gave it.
		assert.Equal(t, db.count(t, `SELECT CAST(sum(value) AS INTEGER) FROM metrics WHERE report = 'happiness' AND metric = 'ratingsCount'`),
			db.count(t, `SELECT count(*) FROM ratings`))
		var api []string
		for x, err := range srv.Client().AllHappinessRatings(context.Background(), reports.HappinessRatingsParams{Dates: whole}) {
			require.NoError(t, err)
			comment, rating, at := "NULL", "NULL", "NULL"
			if x.RatingComments != nil {
				comment = *x.RatingComments
			}
			if x.RatingID != nil {
				rating = x.RatingID.String()
			}
			if x.RatingCreatedAt != nil {
				at = x.RatingCreatedAt.UTC().Format(time.RFC3339)
			}
			api = append(api, fmt.Sprintf("%d|%d|%s|%s|%s", x.ID, x.Number, rating, comment, at))
		}
		assert.ElementsMatch(t, api, db.rows(t, `SELECT conversation_id, conversation_number, rating, comment, created_at FROM ratings`))
		assert.Positive(t, db.count(t, `SELECT count(*) FROM ratings r JOIN users u ON u.id = r.user_id WHERE u.name = r.user_name`))

		// Incremental: five more days fetch their ratings only.
		srv.ClearRequests()
		before := db.count(t, `SELECT count(*) FROM ratings`)
		r = hs(t, env, "sync", "--db", db.url, "--start", "2026-10-01", "--end", "2026-10-16", "--reports", "happiness")
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Equal(t, 5, figureCalls(srv))
		for _, q := range srv.Requests() {
			if q.Path == "/v2/reports/happiness/ratings" {
				assert.Equal(t, "2026-10-11T00:00:00Z", q.Query.Get("start"), "only the new days' ratings")
			}
		}
		assert.GreaterOrEqual(t, db.count(t, `SELECT count(*) FROM ratings`), before)
	})
}

// zeroResult is a nil pointer to a report's result type.
func zeroResult(r report) any {
	return reflect.New(r.Info().Result).Interface()
}

// reportsOfSync are the reports sync stores, as the catalogue has them.
func reportsOfSync() []report {
	var out []report
	for _, r := range catalog {
		if slices.Contains(hssync.Sources, r.Info().Slug()) {
			out = append(out, r)
		}
	}
	return out
}
