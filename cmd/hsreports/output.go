package main

// What every writer shares: the output formats and options, the columns of
// a result type (nested objects as dotted columns taken from the types, so
// every page has the same columns) and the text of a value, exact for csv or
// for people (durations, percentages) for a table. The writers are in
// records.go (json, ndjson, csv and table rows) and table.go (the table).

import (
	"bytes"
	"encoding/json"
	"fmt"
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
