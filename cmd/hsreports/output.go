package main

// The writers: json (the API's shape, as the SDK's results marshal), ndjson
// and csv (one row per item or point, nested objects as dotted columns taken
// from the result types, so every page has the same columns) and table
// (aligned columns for people: durations, percentages, current beside
// previous and the change).

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The output formats.
const (
	formatTable  = "table"
	formatJSON   = "json"
	formatNDJSON = "ndjson"
	formatCSV    = "csv"
)

var formats = []string{formatTable, formatJSON, formatNDJSON, formatCSV}

// output writes one report's result in one format.
type output struct {
	format string
	s      *streams
	loc    *time.Location // of the timestamps of table and csv
	brief  []string       // the item columns a table shows; all when nil
}

// column is a leaf of a result type: its dotted JSON name and how to reach
// it from the type's value (field indexes, through pointers).
type column struct {
	name  string
	index []int
	typ   reflect.Type
}

// columns lists the leaves of struct type t (pointers followed), named as
// encoding/json names them; embedded structs are inlined as encoding/json
// does. Slices are leaves.
func columns(t reflect.Type, prefix string, index []int) []column {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []column
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		idx := append(slices.Clone(index), i)
		isStruct := ft.Kind() == reflect.Struct && ft != timeType
		switch {
		case f.Anonymous && name == "" && isStruct:
			out = append(out, columns(ft, prefix, idx)...)
		case isStruct:
			out = append(out, columns(ft, prefix+jsonName(f, name)+".", idx)...)
		default:
			out = append(out, column{name: prefix + jsonName(f, name), index: idx, typ: f.Type})
		}
	}
	return out
}

func jsonName(f reflect.StructField, tag string) string {
	if tag != "" {
		return tag
	}
	r, n := utf8.DecodeRuneInString(f.Name)
	return string(unicode.ToLower(r)) + f.Name[n:]
}

// value is the column's value in v, invalid where a pointer on the way is nil.
func (c column) value(v reflect.Value) reflect.Value {
	for _, i := range c.index {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	return v
}

// text formats a value for csv (exact) or for a table (human).
func (o *output) text(name string, v reflect.Value, human bool) string {
	for v.IsValid() && v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return ""
	}
	switch x := v.Interface().(type) {
	case time.Time:
		switch {
		case x.IsZero():
			return ""
		case human:
			return x.In(o.loc).Format("2006-01-02 15:04 MST")
		}
		return x.In(o.loc).Format(time.RFC3339)
	case json.RawMessage:
		return string(x)
	case fmt.Stringer:
		if human {
			return x.String()
		}
	}
	switch v.Kind() {
	case reflect.Float64, reflect.Float32:
		if human {
			return metric(name, v.Float())
		}
		return strconv.FormatFloat(v.Float(), 'f', -1, 64)
	case reflect.Int, reflect.Int64, reflect.Int32:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Bool:
		if human {
			return map[bool]string{true: "yes", false: "no"}[v.Bool()]
		}
		return strconv.FormatBool(v.Bool())
	case reflect.String:
		if human {
			return shorten(v.String())
		}
		return v.String()
	case reflect.Slice:
		if v.Len() == 0 {
			return ""
		}
		if human {
			return o.humanList(name, v)
		}
		b, _ := marshal(v.Interface(), "")
		return string(bytes.TrimSpace(b))
	}
	return fmt.Sprint(v.Interface())
}

// humanList shows a list in one cell: names (with their counts) for
// lists of named things, else the values.
func (o *output) humanList(name string, v reflect.Value) string {
	parts := make([]string, v.Len())
	for i := range v.Len() {
		e := reflect.Indirect(v.Index(i))
		if e.Kind() == reflect.Struct {
			n := e.FieldByName("Name")
			if !n.IsValid() {
				b, _ := marshal(e.Interface(), "")
				parts[i] = string(bytes.TrimSpace(b))
				continue
			}
			parts[i] = n.String()
			if c := e.FieldByName("Count"); c.IsValid() {
				parts[i] += " (" + o.text("count", c, true) + ")"
			}
			continue
		}
		parts[i] = o.text(name, e, true)
	}
	return shorten(strings.Join(parts, ", "))
}

// shorten cuts long text for a table cell.
func shorten(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// The metrics the API gives in seconds, and those that are percents, by the
// last part of their JSON name, in lower case.
var (
	secondsMetrics = set("responsetime", "firstresponsetime", "resolutiontime", "handletime", "avghandletime",
		"resolvetime", "waittime", "duration", "time", "previoushandletime")
	percentMetrics = set("great", "okay", "notgood", "browseaction", "searchaction", "sentanemailresult",
		"foundananswerresult", "failedresult")
	// The percents the API gives as a fraction 0–1, despite their name.
	fractionMetrics = set("percentresolvedonfirstreply")
)

func set(words ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words {
		m[w] = true
	}
	return m
}

func leaf(name string) string {
	return strings.ToLower(name[strings.LastIndexByte(name, '.')+1:])
}

func isPercent(name string) bool {
	l := leaf(name)
	return strings.Contains(l, "percent") || percentMetrics[l]
}

// metric formats a figure for people: seconds as a duration, percents with
// one decimal, other figures as whole numbers or with two decimals.
func metric(name string, f float64) string {
	switch {
	case secondsMetrics[leaf(name)]:
		return duration(f)
	case fractionMetrics[leaf(name)]:
		return strconv.FormatFloat(f*100, 'f', 1, 64) + "%"
	case isPercent(name):
		return strconv.FormatFloat(f, 'f', 1, 64) + "%"
	case f == math.Trunc(f) && math.Abs(f) < 1e15:
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	s := strconv.FormatFloat(f, 'f', 2, 64)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

// change formats a delta: points for figures that are percents (and the
// happiness score, a difference of two), percent change for the others, as
// the API computes them.
func change(name string, f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if f >= 0 {
		s = "+" + s
	}
	if isPercent(name) || leaf(name) == "happinessscore" {
		return s + " pts"
	}
	return s + "%"
}

// duration formats seconds as 2m55s, 1h4m, 3d2h10m.
func duration(secs float64) string {
	d := time.Duration(math.Round(secs)) * time.Second
	if d == 0 {
		return "0s"
	}
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		d = -d
	}
	units := []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}}
	started := false
	for i, u := range units {
		n := d / u.size
		d -= n * u.size
		if n > 0 || started && d > 0 {
			fmt.Fprintf(&b, "%d%s", n, u.name)
			started = true
		}
		if started && d == 0 || i == len(units)-1 {
			break
		}
	}
	return b.String()
}

// humanize turns a dotted JSON name into words: current.customersHelped
// is current customers helped.
func humanize(name string) string {
	var b strings.Builder
	for i, r := range name {
		switch {
		case r == '.':
			r = ' '
		case unicode.IsUpper(r) && i > 0:
			b.WriteByte(' ')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// marshal encodes v as the SDK's results marshal, without HTML escaping;
// indented with indent (and prefix) unless indent is empty.
func marshal(v any, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	err := enc.Encode(v)
	return buf.Bytes(), err
}

// overall writes a report answered with one object.
func (o *output) overall(r any) error {
	switch o.format {
	case formatTable:
		return o.overallTable(reflect.ValueOf(r).Elem())
	case formatCSV:
		w := o.records(r, reflect.TypeOf(r).Elem(), "")
		w.write(reflect.ValueOf(r).Elem(), "")
		return w.close()
	case formatNDJSON:
		return o.emit(r, "")
	}
	return o.emit(r, "  ")
}

// emit writes one JSON document to stdout.
func (o *output) emit(v any, indent string) error {
	b, err := marshal(v, indent)
	if err != nil {
		return err
	}
	_, err = o.s.out.Write(b)
	return err
}

// series writes a time series: its points, current then previous; a table
// shows them side by side.
func (o *output) series(r, current, previous any) error {
	cur, prev := reflect.ValueOf(current), reflect.ValueOf(previous)
	if o.format == formatTable {
		cols := columns(cur.Type().Elem(), "", nil)
		var header []string
		for _, c := range cols {
			header = append(header, humanize(c.name))
		}
		if prev.Len() > 0 {
			for _, c := range cols {
				header = append(header, "previous "+humanize(c.name))
			}
		}
		t := newTable(header)
		t.right = append(rightAligned(cols), rightAligned(cols)...)
		for i := range max(cur.Len(), prev.Len()) {
			var row []string
			for _, v := range []reflect.Value{cur, prev} {
				if v.Len() == 0 {
					continue
				}
				for _, c := range cols {
					if i < v.Len() {
						row = append(row, o.text(c.name, c.value(v.Index(i)), true))
					} else {
						row = append(row, "")
					}
				}
			}
			t.add(row...)
		}
		return t.print(o.s.out)
	}
	w := o.records(r, cur.Type().Elem(), "period")
	for i := range cur.Len() {
		w.write(cur.Index(i), "current")
	}
	for i := range prev.Len() {
		w.write(prev.Index(i), "previous")
	}
	return w.close()
}

// recordWriter writes items (rows) as they come: json as the document doc
// with every item in its results, ndjson as a line per item, csv as a row
// per item, table as aligned rows at the end.
type recordWriter struct {
	o    *output
	doc  any    // json: the answer; with --all, its results are written as they come
	lead string // the name of a first column (period), or ""
	cols []column
	out  *bufio.Writer
	csv  *csv.Writer
	rows [][]string // table
	// stream is set for --all: json then writes one document holding every
	// page's items as they come, the document split around its results.
	stream     bool
	walk       *progress // the progress line of --all, nil when off
	head, tail []byte
	indent     string
	n          int
	err        error
}

func (o *output) records(doc any, item reflect.Type, lead string) *recordWriter {
	w := &recordWriter{o: o, doc: doc, lead: lead, cols: columns(item, "", nil), out: bufio.NewWriterSize(o.s.out, 64<<10)}
	switch o.format {
	case formatCSV:
		w.csv = csv.NewWriter(w.out)
		var header []string
		if lead != "" {
			header = append(header, lead)
		}
		for _, c := range w.cols {
			header = append(header, c.name)
		}
		w.err = w.csv.Write(header)
	case formatTable:
		if o.brief != nil {
			w.cols = slices.DeleteFunc(w.cols, func(c column) bool { return !slices.Contains(o.brief, c.name) })
		}
		w.cols = tableOrder(w.cols)
	}
	return w
}

// tableOrder puts each previousX column right after its x, and each
// previous.x right after its current.x, for a table.
func tableOrder(cols []column) []column {
	previous := func(name string) string {
		if x, ok := strings.CutPrefix(name, "current."); ok {
			return "previous." + x
		}
		r, n := utf8.DecodeRuneInString(name)
		return "previous" + string(unicode.ToUpper(r)) + name[n:]
	}
	partner := map[string]bool{}
	for _, c := range cols {
		if slices.ContainsFunc(cols, func(p column) bool { return p.name == previous(c.name) }) {
			partner[previous(c.name)] = true
		}
	}
	out := make([]column, 0, len(cols))
	for _, c := range cols {
		if partner[c.name] {
			continue // placed after its current column
		}
		out = append(out, c)
		if i := slices.IndexFunc(cols, func(p column) bool { return p.name == previous(c.name) }); i >= 0 {
			out = append(out, cols[i])
		}
	}
	return out
}

// write adds an item; lead is the value of the lead column.
func (w *recordWriter) write(item reflect.Value, lead string) {
	if w.err != nil {
		return
	}
	switch w.o.format {
	case formatJSON:
		if !w.stream {
			return // the whole answer is written at close
		}
		w.jsonItem(item.Interface())
	case formatNDJSON:
		b, err := marshal(item.Interface(), "")
		if lead != "" && err == nil && len(b) > 2 && b[0] == '{' {
			b = append([]byte(`{"`+w.lead+`":"`+lead+`",`), b[1:]...)
		}
		w.set(err)
		_, err = w.out.Write(b)
		w.set(err)
	case formatCSV:
		var row []string
		if w.lead != "" {
			row = append(row, lead)
		}
		for _, c := range w.cols {
			row = append(row, w.o.text(c.name, c.value(item), false))
		}
		w.set(w.csv.Write(row))
	case formatTable:
		var row []string
		for _, c := range w.cols {
			row = append(row, w.o.text(c.name, c.value(item), true))
		}
		w.rows = append(w.rows, row)
	}
	w.n++
}

func (w *recordWriter) set(err error) {
	if w.err == nil {
		w.err = err
	}
}

// jsonItem writes an item into the streamed document, splitting the
// document at its empty results the first time.
func (w *recordWriter) jsonItem(item any) {
	if w.head == nil {
		w.splitDoc()
	}
	b, err := marshal(item, "  ")
	w.set(err)
	b = bytes.TrimRight(b, "\n")
	b = bytes.ReplaceAll(b, []byte("\n"), []byte("\n"+w.indent))
	sep := ",\n"
	if w.n == 0 {
		sep = "\n"
	}
	_, err = w.out.WriteString(sep + w.indent)
	w.set(err)
	_, err = w.out.Write(b)
	w.set(err)
}

// splitDoc writes the document up to its results' opening bracket and keeps
// the rest for close: the document as encoding/json would indent it whole.
func (w *recordWriter) splitDoc() {
	b, err := marshal(w.doc, "  ")
	w.set(err)
	i := bytes.LastIndex(b, []byte(`"results": []`))
	if i < 0 {
		w.set(fmt.Errorf("hsreports: no results in %T", w.doc))
		return
	}
	line := b[bytes.LastIndexByte(b[:i], '\n')+1 : i] // the results key's indentation
	w.indent = string(line) + "  "
	open := i + len(`"results": [`)
	w.head, w.tail = b[:open], append([]byte("\n"+string(line)), b[open:]...)
	_, err = w.out.Write(w.head)
	w.set(err)
}

// endPage flushes what a page wrote, so that an interrupted walk leaves
// whole lines, and moves the progress line on.
func (w *recordWriter) endPage() error {
	if w.o.format == formatJSON && w.head == nil {
		w.splitDoc()
	}
	w.flush()
	w.walk.page(w.n)
	return w.err
}

func (w *recordWriter) flush() {
	if w.csv != nil {
		w.csv.Flush()
		w.set(w.csv.Error())
	}
	w.set(w.out.Flush())
}

// close finishes the output: the json document, the table.
func (w *recordWriter) close() error {
	w.walk.clear()
	switch {
	case w.o.format == formatJSON && w.head != nil:
		if w.n == 0 {
			w.tail = w.tail[bytes.IndexByte(w.tail, ']'):] // empty results stay []
		}
		_, err := w.out.Write(w.tail)
		w.set(err)
	case w.o.format == formatJSON:
		b, err := marshal(w.doc, "  ")
		w.set(err)
		_, err = w.out.Write(b)
		w.set(err)
	case w.o.format == formatTable:
		var header []string
		for _, c := range w.cols {
			header = append(header, humanize(c.name))
		}
		t := newTable(header)
		t.right = rightAligned(w.cols)
		for _, r := range w.rows {
			t.add(r...)
		}
		w.set(t.print(w.out))
	}
	w.flush()
	return w.err
}

// abort finishes what an interrupted or failed walk wrote.
func (w *recordWriter) abort() { _ = w.close() }

// rightAligned marks the numeric columns.
func rightAligned(cols []column) []bool {
	right := make([]bool, len(cols))
	for i, c := range cols {
		t := c.typ
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Float64, reflect.Float32, reflect.Int, reflect.Int64, reflect.Int32:
			right[i] = !t.Implements(reflect.TypeFor[fmt.Stringer]()) // a Stringer shows words
		}
	}
	return right
}

// pageNote tells, for a table, where the page stands.
func (o *output) pageNote(page, pages, count int) {
	if o.format == formatTable && pages > 1 {
		fmt.Fprintf(o.s.err, "Page %d of %d (%d rows in all): --page %d for the next, --all for every page.\n", page, pages, count, min(page+1, pages))
	}
}

// overallTable shows current, previous and change side by side, then the
// lists and objects beside them.
func (o *output) overallTable(v reflect.Value) error {
	t := v.Type()
	t1 := newTable([]string{"metric", "current", "previous", "change"})
	t1.right = []bool{false, true, true, true}
	if f, ok := t.FieldByName("Current"); ok {
		cur := v.FieldByIndex(f.Index)
		prev := fieldOrZero(v, "Previous")
		deltas := fieldOrZero(v, "Deltas")
		var deltaCols []column
		if f, ok := t.FieldByName("Deltas"); ok {
			deltaCols = columns(f.Type, "", nil)
		}
		seen := map[string]bool{}
		group := ""
		for _, c := range columns(f.Type, "", nil) {
			label := humanize(c.name[strings.LastIndexByte(c.name, '.')+1:])
			row := []string{label, o.text(c.name, c.value(cur), true), o.text(c.name, c.value(prev), true), ""}
			if i := slices.IndexFunc(deltaCols, func(d column) bool { return d.name == c.name }); i >= 0 {
				row[3] = o.change(c.name, deltaCols[i].value(deltas))
				seen[c.name] = true
			}
			if row[1] == "" && row[2] == "" && row[3] == "" {
				continue // not in this answer (the user chat report has two readings)
			}
			if g, _, ok := strings.Cut(c.name, "."); ok {
				if g != group {
					t1.add(humanize(g))
					group = g
				}
				row[0] = "  " + label
			}
			t1.add(row...)
		}
		for _, d := range deltaCols { // deltas the current figures do not name
			if !seen[d.name] {
				t1.add(humanize(d.name), "", "", o.change(d.name, d.value(deltas)))
			}
		}
	}
	if err := t1.print(o.s.out); err != nil {
		return err
	}
	kv := newTable(nil)
	for i := range t.NumField() {
		f := t.Field(i)
		if slices.Contains([]string{"Current", "Previous", "Deltas"}, f.Name) {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if err := o.section(kv, jsonName(f, name), v.Field(i)); err != nil {
			return err
		}
	}
	return o.printKV(kv)
}

// change formats a delta value, if there is one.
func (o *output) change(name string, v reflect.Value) string {
	v = reflect.Indirect(v)
	if !v.IsValid() || v.Kind() != reflect.Float64 {
		return ""
	}
	return change(name, v.Float())
}

func fieldOrZero(v reflect.Value, name string) reflect.Value {
	f := v.FieldByName(name)
	if !f.IsValid() || f.Kind() == reflect.Pointer && f.IsNil() {
		return reflect.Value{}
	}
	return f
}

// section shows one more part of an overall report: a list as a table, an
// object with a list as its figures and the list, other objects and
// figures as names and values (collected in kv until a table comes).
func (o *output) section(kv *table, name string, v reflect.Value) error {
	v = reflect.Indirect(v)
	switch {
	case !v.IsValid() || v.Kind() == reflect.Slice && v.Len() == 0:
		return nil
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Struct:
		if err := o.printKV(kv); err != nil {
			return err
		}
		fmt.Fprintf(o.s.out, "\n%s:\n", humanize(name))
		return o.itemTable(v)
	case v.Kind() == reflect.Struct && v.Type() != timeType:
		var list reflect.Value
		var figures []string
		for _, c := range columns(v.Type(), "", nil) {
			x := c.value(v)
			if c.typ.Kind() == reflect.Slice && !list.IsValid() && c.typ.Elem().Kind() == reflect.Struct {
				list = x
				continue
			}
			if text := o.text(c.name, x, true); text != "" {
				figures = append(figures, humanize(c.name)+" "+text)
			}
		}
		if !list.IsValid() {
			kv.add(humanize(name), strings.Join(figures, ", "))
			return nil
		}
		if err := o.printKV(kv); err != nil {
			return err
		}
		fmt.Fprintf(o.s.out, "\n%s: %s\n", humanize(name), strings.Join(figures, ", "))
		return o.itemTable(list)
	}
	kv.add(humanize(name), o.text(name, v, true))
	return nil
}

// printKV prints the names and values collected so far, and empties kv.
func (o *output) printKV(kv *table) error {
	if len(kv.rows) == 0 {
		return nil
	}
	fmt.Fprintln(o.s.out)
	err := kv.print(o.s.out)
	kv.rows = nil
	return err
}

// itemTable shows a list of objects, a row each.
func (o *output) itemTable(list reflect.Value) error {
	cols := tableOrder(columns(list.Type().Elem(), "", nil))
	var header []string
	for _, c := range cols {
		header = append(header, humanize(c.name))
	}
	t := newTable(header)
	t.right = rightAligned(cols)
	for i := range list.Len() {
		var row []string
		for _, c := range cols {
			row = append(row, o.text(c.name, c.value(list.Index(i)), true))
		}
		t.add(row...)
	}
	return t.print(o.s.out)
}

// table aligns cells in columns, two spaces apart. A column whose cells are
// all empty is left out; a header "previous x" right after "x" (or
// "current x") is "prev", and "current x" is "x".
type table struct {
	header []string
	right  []bool
	rows   [][]string
}

func newTable(header []string) *table { return &table{header: header} }

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) print(w io.Writer) error {
	n := len(t.header)
	for _, r := range t.rows {
		n = max(n, len(r))
	}
	show := make([]bool, n)
	width := make([]int, n)
	for _, r := range t.rows {
		for i, c := range r {
			if c != "" {
				show[i] = true
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	header := make([]string, n)
	for i, h := range t.header {
		if i > 0 && h == "previous "+strings.TrimPrefix(t.header[i-1], "current ") {
			h = "prev"
		}
		h = strings.TrimPrefix(h, "current ")
		header[i] = strings.ToUpper(h)
		width[i] = max(width[i], utf8.RuneCountInString(header[i]))
	}
	rows := t.rows
	if len(t.header) > 0 {
		rows = append([][]string{header}, rows...)
	}
	var b strings.Builder
	for _, r := range rows {
		var line strings.Builder
		first := true
		for i := range n {
			if !show[i] {
				continue
			}
			c := ""
			if i < len(r) {
				c = r[i]
			}
			if !first {
				line.WriteString("  ")
			}
			first = false
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i < len(t.right) && t.right[i] {
				line.WriteString(pad + c)
			} else {
				line.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
