package main

// deploy/: the Grafana dashboard's SQL and the Metabase views, run against
// a real PostgreSQL that hsreports sync filled.

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncedPostgres is a new PostgreSQL database that sync filled with the
// four default reports: 30 days, 6 weeks and 3 months, in UTC.
func syncedPostgres(t *testing.T) testDB {
	t.Helper()
	db := newPostgresDB(t)
	_, env := fakeAPI(t)
	for _, args := range [][]string{{"--last", "30d"}, {"--each", "week", "--last", "6w"}, {"--each", "month", "--last", "3m"}} {
		r := hs(t, env, append([]string{"sync", "--db", db.url}, args...)...)
		require.Equal(t, exitOK, r.code, r.stderr)
	}
	return db
}

// grafanaMacros expands the macros of Grafana's PostgreSQL data source
// over [from, to], as Grafana does, and the dashboard's variables.
func grafanaMacros(t *testing.T, sql string, from, to time.Time, vars map[string]string) string {
	t.Helper()
	f, tt := "'"+from.UTC().Format(time.RFC3339)+"'", "'"+to.UTC().Format(time.RFC3339)+"'"
	sql = regexp.MustCompile(`\$__timeFilter\(([^)]+)\)`).ReplaceAllString(sql, "$1 BETWEEN "+f+" AND "+tt)
	sql = strings.ReplaceAll(sql, "$__timeFrom()", f)
	sql = strings.ReplaceAll(sql, "$__timeTo()", tt)
	for k, v := range vars {
		sql = strings.ReplaceAll(sql, "$"+k, v)
	}
	require.NotContains(t, sql, "$", "a macro or variable the test does not expand:\n%s", sql)
	return sql
}

func TestGrafanaDashboard(t *testing.T) {
	b, err := os.ReadFile("../../deploy/grafana/dashboards/hsreports.json")
	require.NoError(t, err)
	var dash struct {
		UID        string `json:"uid"`
		Templating struct {
			List []struct {
				Name  string `json:"name"`
				Query string `json:"query"`
			} `json:"list"`
		} `json:"templating"`
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				RawSQL string `json:"rawSql"`
				Format string `json:"format"`
			} `json:"targets"`
		} `json:"panels"`
	}
	require.NoError(t, json.Unmarshal(b, &dash))
	require.NotEmpty(t, dash.Panels)
	db := syncedPostgres(t)
	for _, v := range dash.Templating.List {
		assert.Contains(t, db.rows(t, v.Query), "UTC", "variable %s", v.Name)
	}
	from, to := testNow.AddDate(0, 0, -30), testNow
	for _, p := range dash.Panels {
		require.NotEmpty(t, p.Targets, p.Title)
		for _, tg := range p.Targets {
			q := grafanaMacros(t, tg.RawSQL, from, to, map[string]string{"tz": "UTC"})
			rows := db.rows(t, q)
			assert.NotEmpty(t, rows, "%s: the panel shows data\n%s", p.Title, q)
			if tg.Format == "time_series" {
				for _, r := range rows {
					assert.NotContains(t, r, "NULL", "%s: %s", p.Title, r)
				}
			}
		}
	}
}

func TestMetabaseViews(t *testing.T) {
	b, err := os.ReadFile("../../deploy/metabase/views.sql")
	require.NoError(t, err)
	db := syncedPostgres(t)
	_, err = db.db.Exec(string(b))
	require.NoError(t, err)
	_, err = db.db.Exec(string(b)) // CREATE OR REPLACE: applied again after an upgrade
	require.NoError(t, err)
	for _, view := range []string{"mb_daily", "mb_user_daily", "mb_ratings"} {
		assert.Positive(t, db.count(t, `SELECT count(*) FROM `+view), view)
	}
	// The daily view sums to the figures, and a week's weighted average
	// from it is the view metric_weeks' figure.
	assert.Equal(t,
		db.rows(t, `SELECT sum(value) FROM metrics WHERE report = 'company' AND metric = 'totalReplies' AND granularity = 'day' AND tz = 'UTC'`),
		db.rows(t, `SELECT sum(replies) FROM mb_daily WHERE tz = 'UTC' AND filters = ''`))
	assert.Equal(t,
		db.rows(t, `SELECT round(value::numeric, 6) FROM metric_weeks WHERE report = 'productivity' AND metric = 'resolutionTime' AND tz = 'UTC' AND week = '2026-11-16'`),
		db.rows(t, `SELECT round((sum(resolution_time_total) / sum(resolution_time_weight))::numeric, 6) FROM mb_daily
			WHERE tz = 'UTC' AND filters = '' AND day >= '2026-11-16' AND day < '2026-11-23'`))
}
