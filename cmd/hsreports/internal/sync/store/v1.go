package store

// The step v1 of migration 0002: what each period and each metric that
// schema 1 stored is, written into hsreports_v1_periods and
// hsreports_v1_names for the migration's SQL to move the rows with.

import (
	"context"
	"database/sql"
	"time"

	"github.com/helpscout-go/reports"
)

// stepV1 classifies the stored periods and metrics of schema 1.
//
// A period is a whole day, week (Monday to Sunday) or month of the first
// zone of o.Zones (then UTC) in which it is one: its granularity, zone and
// first local date; else it is no bucket (a week clipped by the range of
// --last, say), and its rows are set aside. A metric is kept unless
// o.Infos says it is a comparison figure or an id; then it is set aside,
// with why.
func stepV1(ctx context.Context, s *Store, tx *sql.Tx, o Options) error {
	zones := append(o.Zones[:len(o.Zones):len(o.Zones)], time.UTC)
	type period struct {
		start, end any // as read: written back alike
		s, e       tsScanner
	}
	var periods []period
	rows, err := tx.QueryContext(ctx, s.q["v1_periods"])
	if err != nil {
		return err
	}
	for rows.Next() {
		var p period
		var rs, re any
		if err := rows.Scan(&rs, &re); err != nil {
			rows.Close()
			return err
		}
		if err := p.s.Scan(rs); err != nil {
			rows.Close()
			return err
		}
		if err := p.e.Scan(re); err != nil {
			rows.Close()
			return err
		}
		p.start, p.end = rs, re
		periods = append(periods, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range periods {
		g, tz, date := wholeBucket(p.s.t, p.e.t, zones)
		var gv, tzv, dv any
		if g != "" {
			gv, tzv, dv = g, tz, s.d.date(date)
		}
		if _, err := tx.ExecContext(ctx, s.q["v1_period_set"], p.start, p.end, gv, tzv, dv); err != nil {
			return err
		}
	}

	type name struct{ report, metric string }
	var names []name
	rows, err = tx.QueryContext(ctx, s.q["v1_names"])
	if err != nil {
		return err
	}
	for rows.Next() {
		var n name
		if err := rows.Scan(&n.report, &n.metric); err != nil {
			rows.Close()
			return err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, n := range names {
		pattern, item, weight, keep, reason := n.metric, "", "", true, ""
		if o.Infos != nil {
			var info Info
			info, item, weight, keep, reason = o.Infos.Metric(n.report, n.metric)
			pattern = info.Metric
		}
		var w, r any
		if weight != "" {
			w = weight
		}
		if !keep {
			r = reason
		}
		if _, err := tx.ExecContext(ctx, s.q["v1_name_set"], n.report, n.metric, n.metric, pattern, item, w, r); err != nil {
			return err
		}
	}
	return nil
}

// wholeBucket says what [start, end) is: a whole day, week or month of the
// first of zones in which it is one (its granularity, zone and first local
// date), or nothing ("").
func wholeBucket(start, end time.Time, zones []*time.Location) (granularity, tz, date string) {
	for _, loc := range zones {
		t := start.In(loc)
		for _, c := range []struct {
			g string
			d reports.Dates
		}{{"day", reports.Day(t)}, {"week", reports.Week(t)}, {"month", reports.Month(t)}} {
			if c.d.Start.Equal(start) && c.d.End.Equal(end) {
				return c.g, loc.String(), t.Format(time.DateOnly)
			}
		}
	}
	return "", "", ""
}
