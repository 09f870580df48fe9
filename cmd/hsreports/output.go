package main

// The writers: json (the API's shape, as the SDK's results marshal), ndjson
// and csv (one row per item or point, nested objects as dotted columns taken
// from the result types, so every page has the same columns) and table
// (aligned columns for people: durations, percentages, current beside
// previous and the change).

import (
	"bytes"
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
	format   string
	s        *streams
	loc      *time.Location // of the timestamps of table and csv
	brief    []string       // the item columns a table shows; all when nil
	columns  []string       // --columns: the columns and their order; all when nil
	noHeader bool           // --no-header: csv without its header
	csvRaw   bool           // --csv-raw: csv cells as they are, formulas included
	list     string         // --list: the rows are the elements of this list of an overall report
	quiet    bool           // --quiet: no progress line
	notice   func(format string, args ...any)
}

// column is a leaf of a result type: its dotted JSON name and how to reach
// it from the type's value (field indexes, through pointers).
type column struct {
	name  string
	index []int
	typ   reflect.Type
	lead  bool // not a field: the lead column (period) a writer fills in
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
		if !v.IsValid() {
			return v // no value (no previous range, say): an empty cell
		}
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
		fmt.Fprintf(o.s.out, "\n%s: %s\n", humanize(name), escapeText(strings.Join(figures, ", ")))
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
// all empty is left out (unless keepEmpty); a header "previous x" right
// after "x" (or "current x") is "prev", and "current x" is "x". A table can
// be printed a batch of rows at a time (printRows): the header and the
// widths come from the first batch.
type table struct {
	header    []string
	right     []bool
	rows      [][]string
	keepEmpty bool

	printed bool   // the header and a first batch were printed
	show    []bool // the layout of the first batch
	width   []int
}

func newTable(header []string) *table { return &table{header: header} }

// add adds a row; its cells are escaped, so that text from the API (a
// subject, a name) cannot move the cursor, recolour or retitle the terminal,
// nor break the columns with a newline or a tab.
func (t *table) add(cells ...string) {
	for i, c := range cells {
		cells[i] = escapeText(c)
	}
	t.rows = append(t.rows, cells)
}

// print prints the rows added since the last call as a table of their own,
// with the header.
func (t *table) print(w io.Writer) error {
	t.printed = false
	return t.printRows(w)
}

// printRows prints the rows added since the last call (with the header, the
// first time) and forgets them.
func (t *table) printRows(w io.Writer) error {
	var b strings.Builder
	rows := t.rows
	t.rows = nil
	if !t.printed {
		t.printed = true
		n := len(t.header)
		for _, r := range rows {
			n = max(n, len(r))
		}
		t.show = make([]bool, n)
		t.width = make([]int, n)
		for i := range t.show {
			t.show[i] = t.keepEmpty
		}
		for _, r := range rows {
			for i, c := range r {
				if c != "" {
					t.show[i] = true
				}
				t.width[i] = max(t.width[i], utf8.RuneCountInString(c))
			}
		}
		header := make([]string, n)
		for i, h := range t.header {
			if i > 0 && h == "previous "+strings.TrimPrefix(t.header[i-1], "current ") {
				h = "prev"
			}
			h = strings.TrimPrefix(h, "current ")
			header[i] = strings.ToUpper(h)
			t.width[i] = max(t.width[i], utf8.RuneCountInString(header[i]))
		}
		if len(t.header) > 0 {
			t.line(&b, header)
		}
	}
	for _, r := range rows {
		t.line(&b, r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// line writes one row in the layout.
func (t *table) line(b *strings.Builder, r []string) {
	var line strings.Builder
	first := true
	for i := range t.show {
		if !t.show[i] {
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
		pad := strings.Repeat(" ", max(t.width[i]-utf8.RuneCountInString(c), 0))
		if i < len(t.right) && t.right[i] {
			line.WriteString(pad + c)
		} else {
			line.WriteString(c + pad)
		}
	}
	b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
}
