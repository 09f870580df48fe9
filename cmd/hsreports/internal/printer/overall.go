package printer

// The table of an overall report, for people: its metrics (current,
// previous and the change side by side), then its lists and objects; and
// the table of a series: its points, current beside previous.

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/internal/flat"
)

// people writes the tables of a document for people.
type people struct {
	w     io.Writer
	loc   *time.Location
	infos map[string]*reports.MetricInfo // of the overall report's own figures, by name
	names func(reports.NameKind, int64) string
	sec   func(float64) string // Options.Seconds
	// noPrevious: the overall report being shown has no previous range,
	// so its lists' previous* figures (zeros the API sends anyway) are left
	// out.
	noPrevious bool
}

func (p *people) text(c Column, v reflect.Value) string { return text(c, v, true, p.loc, p.sec) }

// overall shows current, previous and change side by side, then the lists
// and objects beside them.
func (p *people) overall(v reflect.Value) error {
	v = reflect.Indirect(v)
	t := v.Type()
	p.infos = Infos(t)
	t1 := newTable([]string{"metric", "current", "previous", "change"})
	t1.right = []bool{false, true, true, true}
	if f, ok := t.FieldByName("Current"); ok {
		cur := v.FieldByIndex(f.Index)
		prev := fieldOrZero(v, "Previous")
		_, hasPrevious := t.FieldByName("Previous")
		p.noPrevious = hasPrevious && !prev.IsValid()
		defer func() { p.noPrevious = false }()
		deltas := fieldOrZero(v, "Deltas")
		var deltaCols []Column
		if f, ok := t.FieldByName("Deltas"); ok {
			deltaCols = Columns(f.Type)
		}
		seen := map[string]bool{}
		group := ""
		for _, c := range Columns(f.Type) {
			label := Humanize(c.Name[strings.LastIndexByte(c.Name, '.')+1:])
			row := []string{label, p.text(c, c.Value(cur)), p.text(c, c.Value(prev)), ""}
			if i := slices.IndexFunc(deltaCols, func(d Column) bool { return d.Name == c.Name }); i >= 0 {
				row[3] = p.changeOf(deltaCols[i], deltaCols[i].Value(deltas))
				seen[c.Name] = true
			}
			if row[1] == "" && row[2] == "" && row[3] == "" {
				continue // not in this answer (the user chat report has two readings)
			}
			if g, _, ok := strings.Cut(c.Name, "."); ok {
				if g != group {
					t1.add(Humanize(g))
					group = g
				}
				row[0] = "  " + label
			}
			t1.add(row...)
		}
		for _, d := range deltaCols { // deltas the current figures do not name
			if !seen[d.Name] {
				t1.add(Humanize(d.Name), "", "", p.changeOf(d, d.Value(deltas)))
			}
		}
	}
	if err := t1.print(p.w); err != nil {
		return err
	}
	kv := newTable(nil)
	for _, f := range flat.Fields(t) {
		if slices.Contains([]string{"Current", "Previous", "Deltas"}, f.GoName) {
			continue
		}
		if err := p.section(kv, f.Name, v.FieldByIndex(f.Index)); err != nil {
			return err
		}
	}
	return p.printKV(kv)
}

// changeOf formats the value of column c of the report's deltas, if there
// is one: as its info in the report (deltas.x) says, in points or percent.
func (p *people) changeOf(c Column, v reflect.Value) string {
	v = reflect.Indirect(v)
	if !v.IsValid() || v.Kind() != reflect.Float64 {
		return ""
	}
	return Metric(p.infos["deltas."+c.Name], v.Float())
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
func (p *people) section(kv *table, name string, v reflect.Value) error {
	v = reflect.Indirect(v)
	switch {
	case !v.IsValid() || v.Kind() == reflect.Slice && v.Len() == 0:
		return nil
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Struct:
		if err := p.printKV(kv); err != nil {
			return err
		}
		fmt.Fprintf(p.w, "\n%s:\n", Humanize(name))
		return p.items(v)
	case v.Kind() == reflect.Struct && v.Type() != timeType:
		var list reflect.Value
		var figures []string
		for _, c := range Columns(v.Type()) {
			x := c.Value(v)
			if c.Type.Kind() == reflect.Slice && !list.IsValid() && c.Type.Elem().Kind() == reflect.Struct {
				list = x
				continue
			}
			if text := p.text(c, x); text != "" {
				figures = append(figures, Humanize(c.Name)+" "+text)
			}
		}
		if !list.IsValid() {
			kv.add(Humanize(name), strings.Join(figures, ", "))
			return nil
		}
		if err := p.printKV(kv); err != nil {
			return err
		}
		fmt.Fprintf(p.w, "\n%s: %s\n", Humanize(name), cmdutil.EscapeText(strings.Join(figures, ", ")))
		return p.items(list)
	}
	kv.add(Humanize(name), p.text(Column{Name: name, Info: p.infos[name]}, v))
	return nil
}

// printKV prints the names and values collected so far, and empties kv.
func (p *people) printKV(kv *table) error {
	if len(kv.rows) == 0 {
		return nil
	}
	fmt.Fprintln(p.w)
	err := kv.print(p.w)
	kv.rows = nil
	return err
}

// items shows a list of objects, a row each.
func (p *people) items(list reflect.Value) error {
	cols := withNames(tableOrder(Columns(list.Type().Elem())), p.names)
	if p.noPrevious {
		cols = slices.DeleteFunc(cols, func(c Column) bool { return c.Info != nil && c.Info.Comparison })
	}
	var header []string
	for _, c := range cols {
		header = append(header, Humanize(c.Name))
	}
	t := newTable(header)
	t.right = rightAligned(cols)
	for i := range list.Len() {
		var row []string
		for _, c := range cols {
			row = append(row, p.text(c, c.Value(list.Index(i))))
		}
		t.add(row...)
	}
	return t.print(p.w)
}

// series shows a series' points, current beside previous.
func (p *people) series(item reflect.Type, cur, prev []reflect.Value) error {
	cols := Columns(item)
	var header []string
	for _, c := range cols {
		header = append(header, Humanize(c.Name))
	}
	if len(prev) > 0 {
		for _, c := range cols {
			header = append(header, "previous "+Humanize(c.Name))
		}
	}
	t := newTable(header)
	t.right = append(rightAligned(cols), rightAligned(cols)...)
	for i := range max(len(cur), len(prev)) {
		var row []string
		for _, points := range [][]reflect.Value{cur, prev} {
			if len(points) == 0 {
				continue
			}
			for _, c := range cols {
				if i < len(points) {
					row = append(row, p.text(c, c.Value(points[i])))
				} else {
					row = append(row, "")
				}
			}
		}
		t.add(row...)
	}
	return t.print(p.w)
}
