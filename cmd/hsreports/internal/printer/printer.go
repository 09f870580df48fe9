// Package printer writes what hsreports gives, in each of its formats,
// through one interface in the spirit of kubectl's printers: Begin with
// the layout of the output, a Row at a time as they come, End (partial
// when a walk failed or was interrupted). json, ndjson, csv and table
// serve a report's rows, --each's buckets, --metrics, list, version and the
// text of an MCP answer alike.
package printer

import (
	"bufio"
	"fmt"
	"io"
	"reflect"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
)

// Options are how a printer writes.
type Options struct {
	Format   string         // table, json, ndjson or csv
	Loc      *time.Location // of the timestamps of table and csv (nil: UTC)
	Columns  []string       // --columns: the columns of a line and their order; nil: all
	NoHeader bool           // csv without its header
	CSVRaw   bool           // csv cells as they are, formulas included
	// Names, when set, names the mailbox of an id: a table then shows a
	// mailbox's name beside each column of mailbox ids. It may be called
	// for every cell of such a column.
	Names func(kind reports.NameKind, id int64) string
	// Seconds, when set, is how a table shows a figure in seconds (its
	// unit, as the SDK's field docs say); nil is Duration (3h12m).
	Seconds func(float64) string
}

// OptionsOf are the options the global flags of app give (--format or its
// default, --columns, --no-header, --csv-raw), with timestamps in loc.
func OptionsOf(app *cmdutil.App, loc *time.Location) Options {
	return Options{Format: app.Format(), Loc: loc, Columns: app.ColumnList(), NoHeader: app.Flags.NoHeader, CSVRaw: app.Flags.CSVRaw}
}

// Kind is the shape of an output, for the formats that show some shapes
// their own way (the table).
type Kind int

const (
	// Lines are rows as they come, a line each.
	Lines Kind = iota
	// Overall is one row, a whole report: a table shows its figures,
	// current beside previous and the change, then its lists.
	Overall
	// Series are the points of a series, led by their period (current or
	// previous): a table shows the two side by side.
	Series
)

// Layout is what an output holds.
type Layout struct {
	Kind Kind
	// Item is the type of the value of a line (csv, table, and ndjson
	// with --columns): its leaves are the columns.
	Item reflect.Type
	// Lead names the cells a line carries before its value's columns,
	// dotted as column names (period; bucket.start, bucket.end).
	Lead []string
	// Doc is what json writes: the report's answer, whole; with Stream,
	// its "results" list gets the rows as they come. Without Doc, json
	// writes an array of the rows.
	Doc    any
	Stream bool
	// Brief are the item columns a table shows; all when nil.
	Brief []string
}

// Row is one record of an output.
type Row struct {
	// Lead are the values of the first lead cells (a string, or a time
	// written in the printer's zone); a line's own lead cells follow.
	Lead []any
	// Value is the record: what ndjson writes (led by the lead cells, as
	// nested objects: "bucket": {"start", "end"}), what json writes into
	// its document's results or array, and the value of the row's one line
	// (when it has no Lines).
	Value reflect.Value
	// JSON, when set, is what json writes into its array instead of Value.
	JSON any
	// Lines are the lines of the row in csv and table (and ndjson with
	// --columns), when not the one of Value: a bucket's rows.
	Lines []Line
}

// Line is a line of a row: its own lead cells and its value.
type Line struct {
	Lead  []any
	Value reflect.Value
}

// Printer writes an output.
type Printer interface {
	// Begin starts the output: csv writes its header.
	Begin(l Layout) error
	// Row adds a row.
	Row(r Row) error
	// Flush writes what came so far (a table prints its rows with the
	// widths of the first batch), so that an interrupted walk leaves
	// whole lines.
	Flush() error
	// End finishes the output; partial marks one that failed or was
	// interrupted (json's document gets "partial": true).
	End(partial bool) error
}

// New is the printer of o.Format writing to w. The columns of --columns are
// checked against the layout at Begin; check them earlier with
// CheckColumns.
func New(w io.Writer, o Options) (Printer, error) {
	if o.Loc == nil {
		o.Loc = time.UTC
	}
	b := base{o: o, out: bufio.NewWriterSize(w, 64<<10)}
	switch o.Format {
	case "json":
		return &jsonPrinter{base: b}, nil
	case "ndjson":
		return &ndjsonPrinter{base: b}, nil
	case "csv":
		return &csvPrinter{base: b}, nil
	case "table":
		return &tablePrinter{base: b}, nil
	}
	return nil, fmt.Errorf("no format %q", o.Format)
}

// base is what every printer has: its options, its buffered output and
// its first error.
type base struct {
	o   Options
	out *bufio.Writer
	l   Layout
	err error
}

func (b *base) set(err error) {
	if b.err == nil {
		b.err = err
	}
}

func (b *base) write(p []byte) {
	_, err := b.out.Write(p)
	b.set(err)
}

func (b *base) Flush() error {
	b.set(b.out.Flush())
	return b.err
}

// lines are the lines of r: its Lines, or the one of its value.
func lines(r Row) []Line {
	if r.Lines != nil {
		return r.Lines
	}
	return []Line{{Value: r.Value}}
}

// leadValue is the value of lead cell i of a line of r.
func leadValue(r Row, l Line, i int) any {
	if i < len(r.Lead) {
		return r.Lead[i]
	}
	if i -= len(r.Lead); i < len(l.Lead) {
		return l.Lead[i]
	}
	return nil
}

// cellValue is the value of column c in line l of row r.
func cellValue(c Column, r Row, l Line) reflect.Value {
	if c.lead > 0 {
		return reflect.ValueOf(leadValue(r, l, c.lead-1))
	}
	return c.Value(l.Value)
}
