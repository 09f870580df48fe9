package main

// --each and --metrics: a report over the calendar buckets of its range (a
// day, a week or a month each, in --tz), fetched with the SDK's
// reports.Series under the pacer, and a report as the long table
// report,start,end,metric,value, from reports.Metrics.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/spf13/cobra"
)

// eachValues are the values of --each.
var eachValues = []string{string(reports.ViewByDay), string(reports.ViewByWeek), string(reports.ViewByMonth)}

// metricsHeader is the header of the long table of --metrics.
var metricsHeader = []string{"report", "start", "end", "metric", "value"}

// eachFlags are --each and --metrics of a report command.
type eachFlags struct {
	by      string // --each: day, week or month; "" when not given
	metrics bool   // --metrics
}

// bind adds --each and --metrics to a report's command.
func (e *eachFlags) bind(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.Var(&enumValue{v: reflect.ValueOf(&e.by).Elem(), values: eachValues}, "each",
		"the report once per calendar day, week (from Monday) or month of the range, in --tz: ndjson a line per bucket (its JSON with \"bucket\": {start, end}), csv and table a row (bucket.start, bucket.end first), json an array of {start, end, result}: "+strings.Join(eachValues, ", "))
	complete(cmd, "each", eachValues)
	fs.BoolVar(&e.metrics, "metrics", false, "every number of the report as a row report,start,end,metric,value (the long table a warehouse or a spreadsheet wants); with --each, per bucket")
	// The examples: the command with its required flags, as the first
	// line of its examples has them.
	first, _, _ := strings.Cut(cmd.Example, "\n")
	if base := strings.TrimSpace(strings.TrimSuffix(first, " --demo")); base != "" {
		cmd.Example += "\n  " + base + " --last 4w --each week --format csv" +
			"\n  " + base + " --last 30d --each day --metrics --format csv > metrics.csv"
	}
}

// on tells whether --each or --metrics was given.
func (e eachFlags) on() bool { return e.by != "" || e.metrics }

// eachRow is a row of a report's answer: an item (the whole answer, a
// point, a list element) and the value of the report's lead column.
type eachRow struct {
	item reflect.Value
	lead string
}

// eachBucket is one bucket of a series: its range, the answer and its rows.
type eachBucket struct {
	dates  reports.Dates
	result any
	rows   []eachRow
}

// eacher gets a report, typed params and result hidden: once (get), or once
// per bucket through reports.Series (series).
type eacher struct {
	get    func(ctx context.Context, c *reports.Client, p any) (eachBucket, error)
	series func(ctx context.Context, c *reports.Client, p any, buckets []reports.Dates) iter.Seq2[eachBucket, error]
}

// eachOf is the eacher of a report method; rows gives the rows of an
// answer.
func eachOf[P any, PP reports.RangedParams[P], R any](get getter[P, R], rows func(*R) []eachRow) eacher {
	return eacher{
		get: func(ctx context.Context, c *reports.Client, p any) (eachBucket, error) {
			r, err := get(c, ctx, p.(P))
			if err != nil {
				return eachBucket{}, err
			}
			return eachBucket{result: r, rows: rows(r)}, nil
		},
		series: func(ctx context.Context, c *reports.Client, p any, buckets []reports.Dates) iter.Seq2[eachBucket, error] {
			call := func(ctx context.Context, q P) (*R, error) { return get(c, ctx, q) }
			return func(yield func(eachBucket, error) bool) {
				for b, err := range reports.Series[P, PP](ctx, c, call, p.(P), buckets) {
					eb := eachBucket{dates: b.Dates}
					if err == nil {
						eb.result, eb.rows = b.Result, rows(b.Result)
					}
					if !yield(eb, err) {
						return
					}
				}
			}
		},
	}
}

// wholeRow is the one row of an overall report: the whole answer.
func wholeRow[R any](r *R) []eachRow { return []eachRow{{item: reflect.ValueOf(r).Elem()}} }

// seriesRows are the points of a time series, current then previous.
func seriesRows[T any](r *reports.TimeSeries[T]) []eachRow {
	rows := make([]eachRow, 0, len(r.Current)+len(r.Previous))
	for _, p := range r.Current {
		rows = append(rows, eachRow{reflect.ValueOf(p), "current"})
	}
	for _, p := range r.Previous {
		rows = append(rows, eachRow{reflect.ValueOf(p), "previous"})
	}
	return rows
}

// itemRows are the elements of a list of an answer.
func itemRows[R, T any](items func(*R) []T) func(*R) []eachRow {
	return func(r *R) []eachRow {
		list := items(r)
		rows := make([]eachRow, len(list))
		for i, x := range list {
			rows[i] = eachRow{item: reflect.ValueOf(x)}
		}
		return rows
	}
}

// runFunc is how a report command runs (report.run's shape).
type runFunc = func(ctx context.Context, c *reports.Client, p any, all bool, o *output) error

// runner checks --each and --metrics against the other flags, before any
// request, and returns the run of the report with them.
func (e eachFlags) runner(r report, b *binding, o *output) (runFunc, error) {
	flag := "--metrics"
	if e.by != "" {
		flag = "--each"
	}
	switch {
	case b.all:
		return nil, usageErrorf("%s and --all: give one or the other (%s gets the first page of each range)", flag, flag)
	case b.list != "":
		return nil, usageErrorf("%s and --list: give one or the other", flag)
	case o.columns != nil:
		return nil, usageErrorf("%s and --columns: give one or the other", flag)
	case e.by != "" && (b.compareTo == "month" || b.compareTo == "year"):
		return nil, usageErrorf("--each and --compare-to %s: each bucket is compared with the range right before it (--compare)", b.compareTo)
	}
	return func(ctx context.Context, c *reports.Client, p any, _ bool, o *output) error {
		d, err := eachRange(p, c.Now(), o.loc)
		if err != nil {
			return err
		}
		w := newEachWriter(o, r, e.metrics)
		if e.by == "" {
			bk, err := r.each.get(ctx, c, p)
			if err != nil {
				return err
			}
			bk.dates = d
			w.total = 1
			if err := w.bucket(bk); err != nil {
				return err
			}
			return w.close()
		}
		if b.compare || b.compareTo == "period" {
			p = withPrevious(p, d)
		}
		buckets := d.Split(reports.ViewBy(e.by))
		w.total = len(buckets)
		w.walk = o.startProgress(1, len(buckets), 0)
		for bk, err := range r.each.series(ctx, c, p, buckets) {
			if err != nil {
				w.abort()
				return err
			}
			if err := w.bucket(bk); err != nil {
				return err
			}
		}
		return w.close()
	}, nil
}

// withPrevious is p with a previous range where it has none (--compare
// without a range leaves the SDK's default to it): Series compares each
// bucket with its own previous range only where p has one.
func withPrevious(p any, d reports.Dates) any {
	v := reflect.New(reflect.TypeOf(p)).Elem()
	v.Set(reflect.ValueOf(p))
	ps, pe := v.FieldByName("PreviousStart"), v.FieldByName("PreviousEnd")
	if !ps.IsValid() || !pe.IsValid() || !ps.Interface().(time.Time).IsZero() {
		return p
	}
	prev := d.Previous()
	ps.Set(reflect.ValueOf(prev.PreviousStart))
	pe.Set(reflect.ValueOf(prev.PreviousEnd))
	return v.Interface()
}

// eachRange is the range of params p, in loc: the one given, or the SDK's
// default (from midnight UTC 7 days ago until now), resolved with now.
func eachRange(p any, now time.Time, loc *time.Location) (reports.Dates, error) {
	v := reflect.ValueOf(p)
	d := v.FieldByName("Dates").Interface().(reports.Dates)
	now = now.Truncate(time.Second)
	switch {
	case d.Start.IsZero() && d.End.IsZero():
		y, m, day := now.UTC().Date()
		d = reports.Dates{Start: time.Date(y, m, day-7, 0, 0, 0, 0, time.UTC), End: now}
	case d.Start.IsZero():
		return d, usageErrorf("--end without --start: give both, or --last")
	case d.End.IsZero():
		d.End = now
	}
	if !d.Start.Before(d.End) {
		return d, usageErrorf("the range is empty: --end must be after --start")
	}
	return reports.Dates{Start: d.Start.In(loc), End: d.End.In(loc)}, nil
}

// eachWriter writes a report's buckets as they come: ndjson a line per
// bucket (the answer's JSON, its bucket first: "bucket": {start, end}; a
// bare list as "result"), json an
// array of {start, end, result}, csv a row per bucket and row of the
// answer, table the same with the headline figures; with --metrics, a row
// per bucket and metric in every format.
type eachWriter struct {
	o        *output
	report   string // the report's name in --metrics rows: its path after /v2/reports/
	metrics  bool
	lead     string   // the answer's rows' lead column (period), or ""
	cols     []column // the columns of a row of csv and table
	out      *bufio.Writer
	csv      *csv.Writer
	tbl      *table
	walk     *progress
	n, total int      // buckets written, buckets in all
	cut      int      // buckets of a paged report with more pages than the one written
	started  bool     // json: the array is open
	header   []string // csv: the header, written with the first bucket
	begun    bool     // the output has begun: the first bucket came, or the series ended
	err      error
}

func newEachWriter(o *output, r report, metrics bool) *eachWriter {
	w := &eachWriter{o: o, report: strings.Join(r.name(), "/"), metrics: metrics, lead: r.lead,
		out: bufio.NewWriterSize(o.s.out, 64<<10)}
	var header []string
	switch {
	case metrics:
		header = metricsHeader
	case o.format == formatCSV:
		w.cols = columns(r.item, "", nil)
		header = []string{"bucket.start", "bucket.end"}
		if w.lead != "" {
			header = append(header, w.lead)
		}
		for _, c := range w.cols {
			header = append(header, c.name)
		}
	case o.format == formatTable:
		w.cols = headlineColumns(r)
		header = []string{"bucket start", "bucket end"}
		if w.lead != "" {
			header = append(header, w.lead)
		}
		for _, c := range w.cols {
			header = append(header, humanize(c.name))
		}
	}
	switch o.format {
	case formatCSV:
		w.csv = csv.NewWriter(w.out)
		w.header = header
	case formatTable:
		w.tbl = newTable(header)
		if metrics {
			w.tbl.right = []bool{false, false, false, false, true}
		} else {
			w.tbl.right = append(make([]bool, len(header)-len(w.cols)), rightAligned(w.cols)...)
		}
	}
	return w
}

// headlineColumns are the columns a table shows of a report's rows: an overall
// report's current figures (its numbers where it has no current), other
// reports' brief columns (all when they have none).
func headlineColumns(r report) []column {
	all := columns(r.item, "", nil)
	if !r.whole {
		if r.brief != nil {
			all = slices.DeleteFunc(all, func(c column) bool { return !slices.Contains(r.brief, c.name) })
		}
		return tableOrder(all)
	}
	numeric := slices.DeleteFunc(all, func(c column) bool {
		return !slices.Contains(rightAligned([]column{c}), true)
	})
	var current []column
	for _, c := range numeric {
		if strings.HasPrefix(c.name, "current.") {
			current = append(current, c)
		}
	}
	if len(current) > 0 {
		return current
	}
	return numeric[:min(len(numeric), 8)]
}

func (w *eachWriter) set(err error) {
	if w.err == nil {
		w.err = err
	}
}

// stamp is a bucket's start or end in a machine format.
func (w *eachWriter) stamp(t time.Time) string { return t.In(w.o.loc).Format(time.RFC3339) }

// bucket writes one bucket, flushes it (an interrupted series leaves whole
// lines) and moves the progress line on.
func (w *eachWriter) bucket(b eachBucket) error {
	if w.err != nil {
		return w.err
	}
	w.begin()
	if page, pages, ok := pageOf(b.result); ok && pages > page {
		w.cut++
	}
	start, end := w.stamp(b.dates.Start), w.stamp(b.dates.End)
	if w.tbl != nil {
		start, end = w.o.text("start", reflect.ValueOf(b.dates.Start), true), w.o.text("end", reflect.ValueOf(b.dates.End), true)
	}
	switch {
	case w.metrics:
		for _, m := range reports.Metrics(b.result) {
			w.metric(start, end, m)
		}
	case w.o.format == formatNDJSON:
		body, err := marshal(b.result, "")
		w.set(err)
		head := fmt.Sprintf(`{"bucket":{"start":%q,"end":%q},`, start, end)
		if len(body) > 2 && body[0] == '{' && body[1] != '}' {
			body = append([]byte(head), body[1:]...)
		} else { // not an object (the busy times are a list), or an empty one
			body = append(append([]byte(head+`"result":`), bytes.TrimSpace(body)...), "}\n"...)
		}
		_, err = w.out.Write(body)
		w.set(err)
	case w.o.format == formatJSON:
		w.jsonItem(struct {
			Start  string `json:"start"`
			End    string `json:"end"`
			Result any    `json:"result"`
		}{start, end, b.result})
	default:
		for _, row := range b.rows {
			cells := []string{start, end}
			if w.lead != "" {
				cells = append(cells, row.lead)
			}
			for _, c := range w.cols {
				if w.csv != nil {
					cells = append(cells, w.o.csvCell(c, c.value(row.item)))
				} else {
					cells = append(cells, w.o.text(c.name, c.value(row.item), true))
				}
			}
			w.row(cells)
		}
	}
	w.n++
	if w.o.s.outTTY {
		w.walk.clear()
	}
	w.flush()
	w.walk.bucket(w.n)
	return w.err
}

// begin writes what comes before the first bucket: csv's header. It waits
// for the first bucket, so that a series that fails at once (invalid
// params) writes nothing on stdout.
func (w *eachWriter) begin() {
	if w.begun {
		return
	}
	w.begun = true
	if w.csv != nil && !w.o.noHeader {
		w.set(w.csv.Write(w.header))
	}
}

// metric writes a row of --metrics.
func (w *eachWriter) metric(start, end string, m reports.Metric) {
	switch w.o.format {
	case formatNDJSON:
		b, err := marshal(metricRow{w.report, start, end, m.Name, m.Value}, "")
		w.set(err)
		_, err = w.out.Write(b)
		w.set(err)
	case formatJSON:
		w.jsonItem(metricRow{w.report, start, end, m.Name, m.Value})
	case formatTable:
		w.row([]string{w.report, start, end, m.Name, metric(m.Name, m.Value)})
	default:
		w.row([]string{w.report, start, end, m.Name, strconv.FormatFloat(m.Value, 'f', -1, 64)})
	}
}

// metricRow is a row of --metrics in json and ndjson.
type metricRow struct {
	Report string  `json:"report"`
	Start  string  `json:"start"`
	End    string  `json:"end"`
	Metric string  `json:"metric"`
	Value  float64 `json:"value"`
}

// row writes a row of csv or table.
func (w *eachWriter) row(cells []string) {
	if w.csv != nil {
		w.set(w.csv.Write(cells))
		return
	}
	w.tbl.add(cells...)
}

// jsonItem writes an element of the json array, opening the array first.
func (w *eachWriter) jsonItem(v any) {
	b, err := marshal(v, "  ")
	w.set(err)
	b = bytes.ReplaceAll(bytes.TrimRight(b, "\n"), []byte("\n"), []byte("\n  "))
	sep := ",\n  "
	if w.jsonOpen() {
		sep = "\n  "
	}
	_, err = w.out.WriteString(sep)
	w.set(err)
	_, err = w.out.Write(b)
	w.set(err)
}

// jsonOpen opens the json array at its first element, and tells whether
// it just did.
func (w *eachWriter) jsonOpen() bool {
	if w.started {
		return false
	}
	_, err := w.out.WriteString("[")
	w.set(err)
	w.started = true
	return true
}

func (w *eachWriter) flush() {
	if w.csv != nil {
		w.csv.Flush()
		w.set(w.csv.Error())
	}
	w.set(w.out.Flush())
}

// close ends the output: the json array, the table.
func (w *eachWriter) close() error { return w.finish(false) }

// abort ends what a failed or interrupted series wrote, and says on stderr
// how much that is.
func (w *eachWriter) abort() { _ = w.finish(true) }

func (w *eachWriter) finish(partial bool) error {
	w.walk.clear()
	if partial && w.n == 0 {
		// Nothing came (invalid params, the first answer failed): nothing
		// is written, not even a header.
		return w.err
	}
	w.begin()
	switch {
	case w.o.format == formatJSON:
		end := "\n]\n"
		if !w.started {
			end = "[]\n"
		}
		_, err := w.out.WriteString(end)
		w.set(err)
	case w.tbl != nil:
		w.set(w.tbl.print(w.out))
	}
	w.flush()
	if partial {
		w.o.notice("partial output: %d of %d buckets written", w.n, w.total)
	}
	if w.cut > 0 {
		w.o.notice("%d of %d buckets have more than one page: the first page of each was written (--rows 50 for up to 50 rows a bucket, or a shorter --each)", w.cut, w.n)
	}
	return w.err
}

// pageOf finds the page and page count of a paged report's answer (a
// page, a struct that embeds one, or one that holds one, as the drilldown
// reports' conversations).
func pageOf(result any) (page, pages int, ok bool) {
	v := reflect.Indirect(reflect.ValueOf(result))
	if !v.IsValid() || v.Kind() != reflect.Struct {
		return 0, 0, false
	}
	at := func(v reflect.Value) (int, int, bool) {
		p, ps := v.FieldByName("Page"), v.FieldByName("Pages")
		if !p.IsValid() || !ps.IsValid() || !p.CanInt() || !ps.CanInt() {
			return 0, 0, false
		}
		return int(p.Int()), int(ps.Int()), true
	}
	if page, pages, ok = at(v); ok {
		return page, pages, ok
	}
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.Struct {
			if page, pages, ok = at(f); ok {
				return page, pages, ok
			}
		}
	}
	return 0, 0, false
}

// bucket notes that a bucket of --each was written; n is the buckets
// written so far.
func (p *progress) bucket(n int) {
	if p == nil {
		return
	}
	fmt.Fprintf(p.w, "\r\x1b[K%d/%d buckets", n, p.total)
}
