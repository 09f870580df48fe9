// Package report is the face of hsreports that runs one report and writes
// it: a command per report of the catalogue, with its flags (its params),
// --all for the pages of a paged report, --list for the rows of an overall
// report's list, and --each and --metrics (each.go).
package report

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/catalog"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/input"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/printer"
	"github.com/spf13/cobra"
)

// Options are one run of a report command.
type Options struct {
	App    *cmdutil.App
	Report catalog.Report
	Input  *input.Input

	All     bool   // --all: every page from --page on
	List    string // --list: the rows are the elements of this list of an overall report
	Each    string // --each: day, week or month; "" when not given
	Metrics bool   // --metrics
}

// NewCmd is the command of report r; run runs it (Run, unless a test
// gives another).
func NewCmd(app *cmdutil.App, r catalog.Report, run func(context.Context, *Options) error) *cobra.Command {
	info := r.Info()
	o := &Options{App: app, Report: r, Input: input.New(info.Params)}
	o.Input.Names = app.CompleteNames
	words := info.Name()
	long := "GET " + info.Path + "\n\n" + info.About + ".\n\nRows of ndjson and csv: " + info.Rows + "."
	if info.Kind == catalog.Paged {
		long += " With --all, the rows of every page from --page on, as they come."
	}
	cmd := &cobra.Command{
		Use:     words[len(words)-1],
		Short:   info.About,
		Long:    long,
		Example: Example(info),
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return run(cmd.Context(), o) },
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	o.Input.Bind(cmd)
	if info.Kind == catalog.Paged {
		fs.BoolVar(&o.All, "all", false, "every page, from --page on (a progress line on stderr when it is a terminal)")
	}
	fs.Var(cmdutil.NewEnum(&o.Each, input.EachValues), "each",
		"the report once per calendar day, week (from Monday) or month of the range, in --tz: ndjson a line per bucket (its JSON with \"bucket\": {start, end}), csv and table a row (bucket.start, bucket.end first), json an array of {start, end, result}: "+strings.Join(input.EachValues, ", "))
	cmdutil.Complete(cmd, "each", input.EachValues)
	fs.BoolVar(&o.Metrics, "metrics", false, "every number of the report as a row report,start,end,metric,value (the long table a warehouse or a spreadsheet wants); with --each, per bucket")
	if info.Kind == catalog.Overall {
		names := columnNames(printer.ListColumns(info.Item))
		fs.StringVar(&o.List, "list", "", "a row per element of this list instead of the whole report (csv, ndjson, table; json: the list): "+strings.Join(names, ", "))
		cmdutil.Complete(cmd, "list", names)
	}
	return cmd
}

func columnNames(cols []printer.Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

// Example is a report's help example: its required flags with ids of the
// demo data, then a use of its range, compare, view-by or --all flags, and
// of --each and --metrics.
func Example(info *catalog.Info) string {
	base := "hsreports " + info.Command() + RequiredFlags(info)
	more := " --last 7d --format json"
	switch {
	case info.Kind == catalog.Paged:
		more = " --last 4w --all --format ndjson"
	case info.Has("ViewBy"):
		more = " --last 3m --view-by week --format csv"
	case info.Has("PreviousStart"):
		more = " --last 4w --compare"
	}
	return "  " + base + " --demo\n  " + base + more +
		"\n  " + base + " --last 4w --each week --format csv" +
		"\n  " + base + " --last 30d --each day --metrics --format csv > metrics.csv"
}

// RequiredFlags are the flags a report requires, with values of the demo
// data: " --user 100101".
func RequiredFlags(info *catalog.Info) string {
	var s string
	for _, f := range input.Required(info.Params) {
		s += " " + f.Example
	}
	return s
}

// Run runs a report command: its flags checked before any request, then
// the report got (every page with --all, every bucket with --each) and
// written.
func Run(ctx context.Context, o *Options) error {
	a := o.App
	a.Ran = true
	loc, err := a.CheckGlobals()
	if err != nil {
		return err
	}
	po := printer.OptionsOf(a, loc)
	layout, err := o.layout(po)
	if err != nil {
		return err
	}
	if err := a.OpenOutput(); err != nil {
		return err
	}
	c, done, err := a.NewClient()
	if err != nil {
		return err
	}
	defer done()
	names := reports.NewResolver(c)
	res, err := o.Input.Resolve(ctx, c.Now(), loc, names)
	if err != nil {
		return err
	}
	if po.Format == cmdutil.FormatTable {
		po.Names = nameOf(ctx, names)
	}
	p, err := printer.New(a.IO.Out, po)
	if err != nil {
		return err
	}
	w := &writer{o: o, p: p, layout: layout, loc: loc}
	return a.WithTimeout(ctx, func(ctx context.Context) error {
		switch {
		case o.Each != "" || o.Metrics:
			return w.each(ctx, c, res)
		case o.All:
			return w.walk(ctx, c, res.Params)
		}
		return w.one(ctx, c, res.Params)
	})
}

// layout is the layout of the output, known before any request, so that
// the flags that shape it are checked first.
func (o *Options) layout(po printer.Options) (printer.Layout, error) {
	info := o.Report.Info()
	flag := "--metrics"
	if o.Each != "" {
		flag = "--each"
	}
	switch {
	case po.NoHeader && po.Format != cmdutil.FormatCSV:
		return printer.Layout{}, cmdutil.Usagef("--no-header: only with --format csv")
	case po.Columns != nil && po.Format == cmdutil.FormatJSON:
		return printer.Layout{}, cmdutil.Usagef("--columns: for csv, table and ndjson (json is the API's whole shape)")
	case o.List != "" && info.Kind != catalog.Overall:
		return printer.Layout{}, cmdutil.Usagef("--list: only for an overall report (company, conversations, docs, productivity...)")
	case (o.Each != "" || o.Metrics) && o.All:
		return printer.Layout{}, cmdutil.Usagef("%s and --all: give one or the other (%s gets the first page of each range)", flag, flag)
	case (o.Each != "" || o.Metrics) && o.List != "":
		return printer.Layout{}, cmdutil.Usagef("%s and --list: give one or the other", flag)
	case o.Each != "" && (o.Input.CompareTo == "month" || o.Input.CompareTo == "year"):
		return printer.Layout{}, cmdutil.Usagef("--each and --compare-to %s: each bucket is compared with the range right before it (--compare)", o.Input.CompareTo)
	}
	var l printer.Layout
	switch {
	case o.Metrics:
		l = printer.Layout{Item: reflect.TypeFor[metricRow]()}
	case o.Each != "":
		l = printer.Layout{Item: info.Item, Lead: []string{"bucket.start", "bucket.end"}, Brief: printer.Headline(info.Item, info.Brief, info.Kind == catalog.Overall)}
		if info.Lead != "" {
			l.Lead = append(l.Lead, info.Lead)
		}
	case o.List != "":
		c, err := printer.ListColumn(info.Item, o.List)
		if err != nil {
			return l, &cmdutil.UsageError{Err: err}
		}
		l = printer.Layout{Item: c.Type.Elem()}
	case info.Kind == catalog.Overall:
		l = printer.Layout{Kind: printer.Overall, Item: info.Item}
	case info.Kind == catalog.Series:
		l = printer.Layout{Kind: printer.Series, Item: info.Item, Lead: []string{info.Lead}}
	default:
		l = printer.Layout{Item: info.Item, Brief: info.Brief, Stream: o.All}
	}
	if err := printer.CheckColumns(l, po.Columns); err != nil {
		return l, &cmdutil.UsageError{Err: err}
	}
	return l, nil
}

// writer writes a report's answers through a printer.
type writer struct {
	o      *Options
	p      printer.Printer
	layout printer.Layout
	loc    *time.Location
	begun  bool // each: the output has begun
}

// one gets the report once and writes it.
func (w *writer) one(ctx context.Context, c *reports.Client, p any) error {
	res, err := w.o.Report.Get(ctx, c, p)
	if err != nil {
		return err
	}
	l := w.layout
	var rows []printer.Row
	switch {
	case w.o.List != "":
		list := listOf(res.Value, w.o.List)
		l.Doc = list.Interface()
		for i := range list.Len() {
			rows = append(rows, printer.Row{Value: list.Index(i)})
		}
	default:
		l.Doc = res.Value
		for _, it := range res.Items {
			rows = append(rows, itemRow(it))
		}
	}
	if err := w.p.Begin(l); err != nil {
		return err
	}
	for _, r := range rows {
		if err := w.p.Row(r); err != nil {
			return err
		}
	}
	err = w.p.End(false)
	if pg := res.Page; pg != nil {
		w.pageNote(pg.Page, pg.Pages, pg.Count, len(res.Items))
	}
	return err
}

// itemRow is the row of an item of an answer.
func itemRow(it catalog.Item) printer.Row {
	r := printer.Row{Value: it.Value}
	if it.Lead != "" {
		r.Lead = []any{it.Lead}
	}
	return r
}

// listOf is the list --list names in an overall report's answer v (an
// empty list where the answer has none).
func listOf(v any, name string) reflect.Value {
	c, _ := printer.ListColumn(reflect.TypeOf(v).Elem(), name) // checked before the request
	list := c.Value(reflect.ValueOf(v).Elem())
	for list.IsValid() && list.Kind() == reflect.Pointer {
		list = list.Elem()
	}
	if !list.IsValid() || list.IsNil() {
		list = reflect.MakeSlice(c.Type, 0, 0)
	}
	return list
}

// pageNote says on stderr, in every format, that a paged report gave one
// page of several.
func (w *writer) pageNote(page, pages, count, rows int) {
	a := w.o.App
	switch {
	case page > pages:
		a.Notice("page %d is past the last page, %d (%d rows in all)", page, pages, count)
	case page == pages && pages > 1:
		a.Notice("page %d of %d (the last), %d of %d rows", page, pages, rows, count)
	case pages > 1:
		a.Notice("page %d of %d, %d of %d rows: --page %d for the next, --all for every page", page, pages, rows, count, page+1)
	}
}

// walk writes every page from the params' page on, as they come: json as
// the answer's document holding every page's rows, a table a page at a
// time. A walk that fails or is interrupted ends its output marked partial
// and says how many rows it wrote; a walk with no page writes the empty
// answer.
func (w *writer) walk(ctx context.Context, c *reports.Client, p any) error {
	a := w.o.App
	var (
		begun       bool
		n, total    int
		prog        *cmdutil.Progress
		walkPartial = func() {
			prog.Clear()
			_ = w.p.End(true)
			a.Notice("partial output: %d of %d rows written", n, total)
		}
	)
	for res, err := range w.o.Report.Pages(ctx, c, p) {
		if err != nil {
			if begun {
				walkPartial()
			}
			return err
		}
		if !begun {
			begun = true
			l := w.layout
			l.Doc = res.Doc
			if err := w.p.Begin(l); err != nil {
				return err
			}
			pg := res.Page
			total = rowsLeft(pg.Page, pg.Pages, pg.Count, len(res.Items))
			prog = a.StartProgress(cmdutil.ProgressOptions{Unit: "pages", Total: pg.Pages - pg.Page + 1, Rate: true})
		}
		for _, it := range res.Items {
			if err := w.p.Row(itemRow(it)); err != nil {
				return err
			}
			n++
		}
		if a.IO.OutTTY {
			prog.Clear() // the data and the line never share a line
		}
		if err := w.p.Flush(); err != nil {
			return err
		}
		prog.Next(fmt.Sprintf("%d/%d rows", n, total))
	}
	if !begun { // no page: past the last one, or no rows at all
		l := w.layout
		l.Doc = w.o.Report.EmptyPage(catalog.PageOf(p)).Doc
		if err := w.p.Begin(l); err != nil {
			return err
		}
	}
	prog.Clear()
	return w.p.End(false)
}

// rowsLeft is how many rows a walk from page (of pages, count rows in all)
// gives, when that page holds n rows: the total less the pages before it.
func rowsLeft(page, pages, count, n int) int {
	switch {
	case page <= 1:
		return count
	case page >= pages:
		return n
	}
	return min(max(count-(page-1)*n, n), count)
}

// nameOf names the things of a kind by their ids, for a table, with one
// list call per kind on first use; a name it can't get (the list failed)
// is "": names only add to a table.
func nameOf(ctx context.Context, r *reports.Resolver) func(reports.NameKind, int64) string {
	lists := map[reports.NameKind]map[int64]string{}
	return func(kind reports.NameKind, id int64) string {
		m, ok := lists[kind]
		if !ok {
			m = map[int64]string{}
			entries, _ := r.Entries(ctx, kind)
			for _, e := range entries {
				m[e.ID] = e.Name
			}
			lists[kind] = m
		}
		return m[id]
	}
}
