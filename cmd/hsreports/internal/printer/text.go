package printer

// The text of a value: exact for csv, for people (durations, percentages,
// short cells) for a table.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/helpscout-go/reports"
)

// Figure is a number of a report with what it is (a row of --metrics): a
// table shows it as its unit asks (a duration, a percent), csv and JSON as
// the number.
type Figure struct {
	Info  *reports.MetricInfo
	Value float64
}

// MarshalJSON writes the number.
func (f Figure) MarshalJSON() ([]byte, error) { return json.Marshal(f.Value) }

// cell is a value that writes its own text (a Figure).
type cell interface{ text(human bool) string }

func (f Figure) text(human bool) string {
	if human {
		return Metric(f.Info, f.Value)
	}
	return strconv.FormatFloat(f.Value, 'f', -1, 64)
}

var figureType = reflect.TypeFor[Figure]()

// text formats a value of column c for csv (exact) or for a table (human),
// in loc; sec, when set, formats a figure in seconds for a table.
func text(c Column, v reflect.Value, human bool, loc *time.Location, sec func(float64) string) string {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return ""
	}
	switch x := v.Interface().(type) {
	case cell:
		return x.text(human)
	case time.Time:
		switch {
		case x.IsZero():
			return ""
		case human:
			return x.In(loc).Format("2006-01-02 15:04 MST")
		}
		return x.In(loc).Format(time.RFC3339)
	case json.RawMessage:
		return string(x)
	case fmt.Stringer:
		if human {
			return x.String()
		}
	}
	switch v.Kind() {
	case reflect.Float64, reflect.Float32:
		if human && sec != nil && c.Info != nil && c.Info.Unit == reports.UnitSeconds && c.Info.Kind != reports.KindChange {
			return sec(v.Float())
		}
		if human {
			return Metric(c.Info, v.Float())
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
			return humanList(v, loc, sec)
		}
		b, _ := Marshal(v.Interface(), "")
		return string(bytes.TrimSpace(b))
	}
	return fmt.Sprint(v.Interface())
}

// humanList shows a list in one cell: names (with their counts) for lists
// of named things, else the values.
func humanList(v reflect.Value, loc *time.Location, sec func(float64) string) string {
	parts := make([]string, v.Len())
	for i := range v.Len() {
		e := reflect.Indirect(v.Index(i))
		if e.Kind() == reflect.Struct {
			n := e.FieldByName("Name")
			if !n.IsValid() {
				b, _ := Marshal(e.Interface(), "")
				parts[i] = string(bytes.TrimSpace(b))
				continue
			}
			parts[i] = n.String()
			if c := e.FieldByName("Count"); c.IsValid() {
				parts[i] += " (" + text(Column{}, c, true, loc, sec) + ")"
			}
			continue
		}
		parts[i] = text(Column{}, e, true, loc, sec)
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

// Metric formats a figure for people as its unit asks: seconds as a
// duration, percents with one decimal, a change in percent or points,
// other figures as whole numbers or with two decimals. info may be nil (a
// number nothing describes).
func Metric(info *reports.MetricInfo, f float64) string {
	var unit reports.MetricUnit
	if info != nil {
		unit = info.Unit
		if info.Kind == reports.KindChange {
			return change(unit, f)
		}
	}
	switch unit {
	case reports.UnitSeconds:
		return Duration(f)
	case reports.UnitFraction:
		return strconv.FormatFloat(f*100, 'f', 1, 64) + "%"
	case reports.UnitPercent:
		return strconv.FormatFloat(f, 'f', 1, 64) + "%"
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	s := strconv.FormatFloat(f, 'f', 2, 64)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

// change formats a change from the previous range: in points where the
// figure is a percent or a score, else in percent, as the API computes
// them.
func change(unit reports.MetricUnit, f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if f >= 0 {
		s = "+" + s
	}
	if unit == reports.UnitPoints {
		return s + " pts"
	}
	return s + "%"
}

// Duration formats seconds as 2m55s, 1h4m, 3d2h10m.
func Duration(secs float64) string {
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

// Humanize turns a dotted JSON name into words: current.customersHelped
// is current customers helped.
func Humanize(name string) string {
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

// Marshal encodes v as the SDK's results marshal, without HTML escaping;
// indented with indent unless indent is empty; with a final newline.
func Marshal(v any, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	err := enc.Encode(v)
	return buf.Bytes(), err
}

// csvCell is a csv cell: exact, and (unless raw) a text starting with = + -
// @, a tab or a carriage return gets a leading ' so that a spreadsheet
// shows it instead of running it as a formula (OWASP's rule against CSV
// injection). Numbers, times and lists are never changed.
func csvCell(c Column, v reflect.Value, raw bool, loc *time.Location) string {
	s := text(c, v, false, loc, nil)
	if raw || s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if v = reflect.Indirect(v); v.IsValid() && v.Kind() == reflect.String {
		return "'" + s
	}
	return s
}
