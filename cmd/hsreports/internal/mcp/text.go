package mcp

// A report tool's answer: the walk of its pages, and what it says.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/catalog"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/input"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/printer"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// answer is what a report tool got: the first answer, the rows of every
// page walked, and where the walk stands.
type answer struct {
	info        *catalog.Info
	first       *catalog.Result
	items       []catalog.Item
	last, pages int   // the last page walked, and how many there are
	failed      error // a page after the first failed: the rows are partial
	all         bool  // the all argument
	stop        string
	perPage     int // rows a page: the rows argument, or the API's 25
}

// Why a walk stopped before the last page.
const (
	stopRows = "rows" // at RowCap rows
	stopText = "text" // at TextCap bytes of rows
)

// apiRows is how many rows a page has when rows is not given.
const apiRows = 25

// fetch gets report r with params p: one answer, or with all (a paged
// report) the pages from p's on, up to RowCap rows or TextCap bytes of
// them, in whole pages.
func fetch(ctx context.Context, c *reports.Client, r catalog.Report, p any, all bool) (*answer, error) {
	info := r.Info()
	a := &answer{info: info, all: all, perPage: apiRows}
	if f := reflect.ValueOf(p).FieldByName("Rows"); f.IsValid() && f.Int() > 0 {
		a.perPage = int(f.Int())
	}
	size := 0
	// One page is got as the command gets it without --all; all walks the
	// pages as --all does.
	walk := r.Pages
	if !all {
		walk = one(r)
	}
	for res, err := range walk(ctx, c, p) {
		if err != nil {
			if a.first == nil {
				return nil, err
			}
			a.failed = err
			break
		}
		if a.first == nil {
			a.first = res
		}
		a.items = append(a.items, res.Items...)
		if res.Page != nil {
			a.last, a.pages = res.Page.Page, res.Page.Pages
		}
		if !all || info.Kind != catalog.Paged {
			break
		}
		for _, it := range res.Items {
			b, _ := printer.Marshal(it.Value.Interface(), "")
			size += len(b)
		}
		switch {
		case a.last >= a.pages:
		case len(a.items) >= RowCap:
			a.stop = stopRows
		case size >= TextCap:
			a.stop = stopText
		default:
			continue
		}
		break
	}
	if a.first == nil { // a walk with no page: past the last one
		a.first = r.EmptyPage(catalog.PageOf(p))
		a.last = catalog.PageOf(p)
	}
	return a, nil
}

// doc is the answer's JSON with its first n rows (the rows of a paged
// report; of a list): an object (a bare list is under "results"), marked
// "partial" where a page failed, as --format json writes it.
func (a *answer) doc(n int) ([]byte, error) {
	value := a.first.Value
	if a.info.Kind == catalog.Paged {
		value = a.first.Doc
	}
	items := a.items[:n]
	if a.info.Kind == catalog.List {
		list := reflect.MakeSlice(reflect.SliceOf(a.info.Item), 0, n)
		for _, it := range items {
			list = reflect.Append(list, it.Value)
		}
		value, items = list.Interface(), nil
	}
	var buf bytes.Buffer
	jp, err := printer.New(&buf, printer.Options{Format: cmdutil.FormatJSON})
	if err != nil {
		return nil, err
	}
	if err := jp.Begin(printer.Layout{Doc: value, Item: a.info.Item, Stream: a.info.Kind == catalog.Paged}); err != nil {
		return nil, err
	}
	if a.info.Kind == catalog.Paged {
		for _, it := range items {
			if err := jp.Row(printer.Row{Value: it.Value}); err != nil {
				return nil, err
			}
		}
	}
	if err := jp.End(a.failed != nil); err != nil {
		return nil, err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, buf.Bytes()); err != nil {
		return nil, err
	}
	doc := compact.Bytes()
	if len(doc) == 0 || doc[0] != '{' { // structured content is an object
		doc = append(append([]byte(`{"results":`), doc...), '}')
	}
	return doc, nil
}

// result is the tool's result: the JSON of every row as structured
// content; as text, the range, where the rows stand, the headline figures,
// then the JSON, its rows cut to keep the text within TextCap (and the
// text says how to read on).
func (a *answer) result(r catalog.Report, rangeLine string, loc *time.Location) (*mcp.CallToolResult, error) {
	full, err := a.doc(len(a.items))
	if err != nil {
		return nil, err
	}
	var meaning strings.Builder
	meaning.WriteString(rangeLine)
	if a.info.Kind == catalog.Paged {
		meaning.WriteString("\n" + a.pageNote())
	}
	head := headline(r, a.first, a.items, len(a.items), loc)
	text := full
	if meaning.Len()+len(head)+len(full) > TextCap && a.info.Kind != catalog.Overall && a.info.Kind != catalog.Series {
		budget := TextCap - meaning.Len() - len(head) - 400 // the note of the cut
		shown := sort.Search(len(a.items)+1, func(n int) bool {
			d, _ := a.doc(n)
			return len(d) > budget
		}) - 1
		shown = max(shown, 0)
		if text, err = a.doc(shown); err != nil {
			return nil, err
		}
		meaning.WriteString("\n" + a.cutNote(shown))
		head = headline(r, a.first, a.items, shown, loc)
	}
	meaning.WriteString("\n\n" + head)
	return &mcp.CallToolResult{
		Content: []mcp.Content{
			&mcp.TextContent{Text: meaning.String()},
			&mcp.TextContent{Text: string(text)},
		},
		StructuredContent: json.RawMessage(full),
	}, nil
}

// firstRow is the number (from 1) of the answer's first row among all
// the report's rows.
func (a *answer) firstRow() int {
	page := 1
	if a.first.Page != nil {
		page = max(a.first.Page.Page, 1)
	}
	return (page-1)*a.perPage + 1
}

// pageNote says where the rows of a paged answer stand, for the model to
// ask for more.
func (a *answer) pageNote() string {
	first, count := 1, 0
	if a.first.Page != nil {
		first, count = max(a.first.Page.Page, 1), a.first.Page.Count
	}
	last := max(a.last, first)
	var b strings.Builder
	if last == first {
		fmt.Fprintf(&b, "Page %d of %d: %d rows here, %d in all.", first, a.pages, len(a.items), count)
	} else {
		fmt.Fprintf(&b, "Pages %d to %d of %d: %d rows here, %d in all.", first, last, a.pages, len(a.items), count)
	}
	switch {
	case a.failed != nil:
		fmt.Fprintf(&b, " Stopped at page %d on an error: %s. Call again with page %d and all=true to go on.", last+1, safeText(a.failed.Error()), last+1)
	case last >= a.pages:
		b.WriteString(" That is every row from this page on.")
	case a.stop == stopRows:
		fmt.Fprintf(&b, " Stopped at the cap of %d rows: call again with page %d and all=true for more.", RowCap, last+1)
	case a.stop == stopText:
		fmt.Fprintf(&b, " Stopped at about %d KB of rows: call again with page %d and all=true for more.", TextCap>>10, last+1)
	default:
		fmt.Fprintf(&b, " Call again with page %d for the next page, or all=true for up to %d rows.", last+1, RowCap)
	}
	return b.String()
}

// cutNote says that the JSON of the text holds the first shown rows only,
// and how to read on from the next: the page and rows (a divisor of the
// rows before it) whose first row it is.
func (a *answer) cutNote(shown int) string {
	n := len(a.items)
	s := fmt.Sprintf("The JSON below holds the first %d of these %d rows, to keep this text within about %d KB; the structured content has all %d.", shown, n, TextCap>>10, n)
	if a.info.Kind != catalog.Paged {
		return s
	}
	next := a.firstRow() + shown // the first row not shown
	if !a.info.Has("Rows") {
		if shown == 0 {
			return s
		}
		return s + fmt.Sprintf(" The rest of page %d is in the structured content only; page %d follows it.", max(a.last, 1), max(a.last, 1)+1)
	}
	rows := 1
	for d := min(50, next-1); d >= 1; d-- {
		if (next-1)%d == 0 {
			rows = d
			break
		}
	}
	return s + fmt.Sprintf(" To read on from row %d, call again with page %d and rows %d.", next, (next-1)/rows+1, rows)
}

// headline is the short text of an answer, drawn by the table printer:
// the headline figures of an overall report (current, previous, change),
// the points of a series, the first rows of a list (items: every row of
// the answer, the pages walked included, of which the text's JSON has
// inJSON); durations as duration writes them.
func headline(r catalog.Report, first *catalog.Result, items []catalog.Item, inJSON int, loc *time.Location) string {
	info := r.Info()
	var buf bytes.Buffer
	p, err := printer.New(&buf, printer.Options{Format: cmdutil.FormatTable, Loc: loc, Seconds: duration})
	if err != nil {
		return "(no text: " + err.Error() + ")"
	}
	var l printer.Layout
	var rows []printer.Row
	more := 0
	switch info.Kind {
	case catalog.Overall:
		l = printer.Layout{Kind: printer.Overall, Item: info.Item}
		rows = []printer.Row{{Value: first.Items[0].Value}}
	case catalog.Series:
		l = printer.Layout{Kind: printer.Series, Item: info.Item, Lead: []string{info.Lead}}
		for _, it := range items {
			rows = append(rows, printer.Row{Lead: []any{it.Lead}, Value: it.Value})
		}
	default:
		l = printer.Layout{Item: info.Item, Brief: info.Brief}
		for _, it := range items[:min(inJSON, textRows)] {
			rows = append(rows, printer.Row{Value: it.Value})
		}
		more = inJSON - len(rows)
	}
	err = p.Begin(l)
	for _, row := range rows {
		if err == nil {
			err = p.Row(row)
		}
	}
	if err == nil {
		err = p.End(false)
	}
	if err != nil {
		return "(no text: " + err.Error() + ")"
	}
	if info.Kind == catalog.Overall { // the figures, before the lists and objects beside them
		if i := bytes.Index(buf.Bytes(), []byte("\n\n")); i >= 0 {
			buf.Truncate(i + 1)
		}
	}
	if more > 0 {
		fmt.Fprintf(&buf, "… and %d more rows in the JSON.\n", more)
	}
	return strings.TrimRight(buf.String(), "\n")
}

// duration is a figure in seconds as people read it, and as the API gave
// it: 3h 12m (11,520 s). The words keep the two largest units, rounded
// down; under a minute the seconds alone.
func duration(secs float64) string {
	total := math.Round(secs)
	exact := thousands(total) + " s"
	if math.Abs(total) < 60 || math.IsInf(total, 0) || math.IsNaN(total) || math.Abs(total) > 1e15 {
		return exact
	}
	sign, d := "", int64(math.Abs(total))
	if total < 0 {
		sign = "-"
	}
	var parts []string
	for _, u := range []struct {
		size int64
		name string
	}{{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}} {
		if n := d / u.size; n > 0 || len(parts) > 0 {
			if n > 0 {
				parts = append(parts, strconv.FormatInt(n, 10)+u.name)
			} else {
				parts = append(parts, "")
			}
			d -= n * u.size
		}
		if len(parts) == 2 {
			break
		}
	}
	words := strings.TrimSpace(strings.Join(parts, " "))
	return sign + words + " (" + exact + ")"
}

// thousands writes a whole number with commas: 11,520.
func thousands(f float64) string {
	s := strconv.FormatFloat(math.Abs(f), 'f', 0, 64)
	var b strings.Builder
	if f < 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// comparison is how a call asked for its previous range.
type comparison string

const (
	cmpNone    comparison = ""        // none asked
	cmpDefault comparison = "default" // the default range's own
	cmpPeriod  comparison = "period"  // compare, or compare-to period
	cmpMonth   comparison = "month"   // compare-to month
	cmpYear    comparison = "year"    // compare-to year
	cmpGiven   comparison = "given"   // previous-start and previous-end
)

// comparisonOf is how in asks for its previous range.
func comparisonOf(in *input.Input, args map[string]json.RawMessage) comparison {
	switch {
	case in.CompareTo == "month":
		return cmpMonth
	case in.CompareTo == "year":
		return cmpYear
	case in.Compare || in.CompareTo == "period":
		return cmpPeriod
	case !isNone(args["previous-start"]) || !isNone(args["previous-end"]):
		return cmpGiven
	case !in.Range():
		return cmpDefault
	}
	return cmpNone
}

// isNone tells an argument not given (or given empty, as none).
func isNone(raw json.RawMessage) bool {
	s := string(bytes.TrimSpace(raw))
	return s == "" || s == "null" || s == `""` || s == "[]"
}

// rangeText names the range an answer covers and the one it compares
// with, in loc: the first words of every answer.
func rangeText(res input.Resolved, c comparison, takesPrevious bool, loc *time.Location) string {
	cur := res.Range
	if cur.Start.IsZero() {
		return ""
	}
	s := "Range: " + span(cur, loc) + ", " + loc.String() + "."
	if !takesPrevious {
		return s
	}
	prev := res.Previous
	if prev.Start.IsZero() {
		return s + " No comparison (compare-to adds one)."
	}
	s += " Compared with " + span(prev, loc)
	switch c {
	case cmpDefault:
		s += ", the range of equal length right before (the default)."
	case cmpMonth:
		s += ", the same dates a month earlier."
	case cmpYear:
		s += ", the same dates a year earlier."
	case cmpGiven:
		s += " (previous-start and previous-end)."
	default:
		s += ", the range of equal length right before."
		if wholeMonths(cur, loc) {
			s += " For the calendar month before instead, call with compare-to=month."
		}
	}
	return s
}

// span writes a range in loc: whole days as dates, first and last
// ("2026-11-16 to 2026-11-22, 7 days"), else its instants, end excluded.
func span(d reports.Dates, loc *time.Location) string {
	start, end := d.Start.In(loc), d.End.In(loc)
	if midnight(start) && midnight(end) {
		days := 0
		for t := start; t.Before(end); t = reports.Day(t).End {
			days++
		}
		last := end.AddDate(0, 0, -1)
		if days == 1 {
			return start.Format(time.DateOnly) + " (1 day)"
		}
		return fmt.Sprintf("%s to %s (%d days)", start.Format(time.DateOnly), last.Format(time.DateOnly), days)
	}
	return start.Format("2006-01-02 15:04") + " to " + end.Format("2006-01-02 15:04") + " (end excluded)"
}

func midnight(t time.Time) bool { return t.Equal(reports.Day(t).Start) }

// wholeMonths tells a range of whole calendar months.
func wholeMonths(d reports.Dates, loc *time.Location) bool {
	s, e := d.Start.In(loc), d.End.In(loc)
	return midnight(s) && midnight(e) && s.Day() == 1 && e.Day() == 1
}

// one is the walk of report r's one answer: Get.
func one(r catalog.Report) func(context.Context, *reports.Client, any) iter.Seq2[*catalog.Result, error] {
	return func(ctx context.Context, c *reports.Client, p any) iter.Seq2[*catalog.Result, error] {
		return func(yield func(*catalog.Result, error) bool) {
			res, err := r.Get(ctx, c, p)
			yield(res, err)
		}
	}
}
