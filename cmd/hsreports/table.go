package main

// The table writer, for people: an overall report as its metrics (current,
// previous and the change side by side) then its lists, and the aligned
// columns every table is printed with, escaped.

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"
)

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
