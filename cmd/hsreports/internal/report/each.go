package report

// --each and --metrics: a report over the calendar buckets of its range (a
// day, a week or a month each, in --tz), fetched with the SDK's
// reports.Series under the pacer, and a report as the long table
// report,start,end,metric,value, from reports.Metrics.

import (
	"context"
	"reflect"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/catalog"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/input"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/printer"
)

// metricRow is a row of --metrics.
type metricRow struct {
	Report string         `json:"report"`
	Start  time.Time      `json:"start"`
	End    time.Time      `json:"end"`
	Metric string         `json:"metric"`
	Value  printer.Figure `json:"value"`
}

// bucketJSON is an element of --each's json array.
type bucketJSON struct {
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	Result any       `json:"result"`
}

// each gets the report over the resolved range, once (--metrics alone) or
// per bucket of --each, and writes each bucket as it comes.
func (w *writer) each(ctx context.Context, c *reports.Client, res input.Resolved) error {
	o, a := w.o, w.o.App
	d := res.Range
	if o.Each == "" {
		r, err := o.Report.Get(ctx, c, res.Params)
		if err != nil {
			return err
		}
		if err := w.bucket(catalog.Bucket{Dates: d, Result: r}); err != nil {
			return err
		}
		return w.p.End(false)
	}
	p := res.Params
	if o.Input.Compare || o.Input.CompareTo == "period" {
		p = input.WithPrevious(p, d)
	}
	buckets := d.Split(reports.ViewBy(o.Each))
	prog := a.StartProgress(cmdutil.ProgressOptions{Unit: "buckets", Total: len(buckets)})
	n, cut := 0, 0
	end := func(partial bool) error {
		prog.Clear()
		if n == 0 && partial {
			return nil // nothing came (invalid params, the first answer failed): nothing is written
		}
		if n == 0 {
			if err := w.p.Begin(w.layout); err != nil {
				return err
			}
		}
		err := w.p.End(partial)
		if partial {
			a.Notice("partial output: %d of %d buckets written", n, len(buckets))
		}
		if cut > 0 {
			a.Notice("%d of %d buckets have more than one page: the first page of each was written (--rows 50 for up to 50 rows a bucket, or a shorter --each)", cut, n)
		}
		return err
	}
	for b, err := range o.Report.Series(ctx, c, p, buckets) {
		if err != nil {
			_ = end(true)
			return err
		}
		if pg := b.Page; pg != nil && pg.Pages > pg.Page {
			cut++
		}
		if err := w.bucket(b); err != nil {
			return err
		}
		n++
		if a.IO.OutTTY {
			prog.Clear()
		}
		if err := w.p.Flush(); err != nil {
			return err
		}
		prog.Next("")
	}
	return end(false)
}

// bucket writes one bucket: its metrics, or its answer (json and ndjson) and
// its rows (csv and table), led by the bucket's range. The first begins
// the output.
func (w *writer) bucket(b catalog.Bucket) error {
	if !w.begun {
		w.begun = true
		if err := w.p.Begin(w.layout); err != nil {
			return err
		}
	}
	start, end := b.Dates.Start.In(w.loc), b.Dates.End.In(w.loc)
	if w.o.Metrics {
		slug := w.o.Report.Info().Slug()
		for _, m := range reports.Metrics(b.Value) {
			row := metricRow{slug, start, end, m.Name, printer.Figure{Info: m.Info, Value: m.Value}}
			if err := w.p.Row(printer.Row{Value: reflect.ValueOf(row)}); err != nil {
				return err
			}
		}
		return nil
	}
	row := printer.Row{Lead: []any{start, end}, Value: reflect.ValueOf(b.Value), JSON: bucketJSON{start, end, b.Value}, Lines: []printer.Line{}}
	for _, it := range b.Items {
		l := printer.Line{Value: it.Value}
		if it.Lead != "" {
			l.Lead = []any{it.Lead}
		}
		row.Lines = append(row.Lines, l)
	}
	return w.p.Row(row)
}
