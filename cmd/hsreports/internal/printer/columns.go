package printer

// The columns of a result type: its leaves, nested objects as dotted
// columns taken from the types (so every page has the same columns), named
// as encoding/json names them.

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/internal/flat"
)

var timeType = reflect.TypeFor[time.Time]()

// Column is a leaf of a result type: its dotted JSON name and how to reach
// it from the type's value; or a lead cell, one a line carries itself.
type Column struct {
	Name string
	Type reflect.Type
	// Info says what the column's number is (its unit: seconds, percent...),
	// from the SDK's field docs; nil for a column that is no number.
	Info *reports.MetricInfo
	leaf flat.Column
	lead int // 1 + the index of a lead cell, 0 for a leaf
	// name is, for a column of names beside a column of ids (a table's),
	// that column, and names its names.
	name  *Column
	names func(reports.NameKind, int64) string
}

// Columns lists the leaves of struct type t (pointers followed), named by
// the SDK's one set of JSON field rules (internal/flat: encoding/json's),
// as reports.Metrics names them; a list is one leaf.
func Columns(t reflect.Type) []Column {
	leaves := flat.Columns(t)
	infos := Infos(t)
	out := make([]Column, 0, len(leaves))
	for _, l := range leaves {
		if l.Name == "" {
			continue // a bare list (the busy times): its rows are its elements
		}
		out = append(out, Column{Name: l.Name, Type: l.Type, Info: infos[l.Name], leaf: l})
	}
	return out
}

// Infos are what each number of type t is, by name (reports.MetricInfos).
func Infos(t reflect.Type) map[string]*reports.MetricInfo {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	infos := reports.MetricInfos(reflect.New(t).Interface())
	out := make(map[string]*reports.MetricInfo, len(infos))
	for i := range infos {
		out[infos[i].Name] = &infos[i]
	}
	return out
}

// Value is the column's value in v, invalid where a pointer on the way is
// nil.
func (c Column) Value(v reflect.Value) reflect.Value {
	if !v.IsValid() {
		return v // no value (no previous range, say): an empty cell
	}
	if c.name != nil {
		id := reflect.Indirect(c.name.Value(v))
		if !id.IsValid() || !id.CanInt() || id.Int() == 0 {
			return reflect.Value{}
		}
		return reflect.ValueOf(c.names(reports.KindMailbox, id.Int()))
	}
	return c.leaf.Value(v)
}

// withNames puts a column of mailbox names after each column of mailbox
// ids (mailboxid, mailboxId), for a table, when names names them.
func withNames(cols []Column, names func(reports.NameKind, int64) string) []Column {
	if names == nil {
		return cols
	}
	out := make([]Column, 0, len(cols))
	for i, c := range cols {
		out = append(out, c)
		if c.lead == 0 && c.name == nil && strings.EqualFold(c.Name[strings.LastIndexByte(c.Name, '.')+1:], "mailboxid") {
			prefix := c.Name[:strings.LastIndexByte(c.Name, '.')+1]
			out = append(out, Column{Name: prefix + "mailbox", Type: reflect.TypeFor[string](), name: &cols[i], names: names})
		}
	}
	return out
}

// names lists the columns' names.
func names(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

// lineColumns are the columns of a line of layout l: the lead cells, then
// the item's, chosen and ordered by chosen (--columns) when not nil.
func lineColumns(l Layout, chosen []string) ([]Column, error) {
	all := make([]Column, 0, len(l.Lead))
	for i, name := range l.Lead {
		all = append(all, Column{Name: name, lead: i + 1, Type: reflect.TypeFor[string]()})
	}
	if l.Item != nil {
		all = append(all, Columns(l.Item)...)
	}
	if chosen == nil {
		return all, nil
	}
	out := make([]Column, 0, len(chosen))
	for _, name := range chosen {
		i := slices.IndexFunc(all, func(c Column) bool { return c.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("--columns: no column %q; the columns: %s", name, strings.Join(names(all), ","))
		}
		out = append(out, all[i])
	}
	return out, nil
}

// CheckColumns refuses, before any request, --columns that name what a
// line of layout l does not have, and says which columns it has.
func CheckColumns(l Layout, chosen []string) error {
	if chosen != nil && len(chosen) == 0 {
		return fmt.Errorf("--columns: name at least one column; the columns: %s", strings.Join(names(mustColumns(l)), ","))
	}
	_, err := lineColumns(l, chosen)
	return err
}

func mustColumns(l Layout) []Column {
	cols, _ := lineColumns(l, nil)
	return cols
}

// ListColumns are the lists of objects of an overall report's type t, by
// dotted name: what --list takes.
func ListColumns(t reflect.Type) []Column {
	return slices.DeleteFunc(Columns(t), func(c Column) bool {
		return c.Type.Kind() != reflect.Slice || reflect.Indirect(reflect.New(c.Type.Elem())).Kind() != reflect.Struct
	})
}

// ListColumn is the list --list names in type t.
func ListColumn(t reflect.Type, name string) (Column, error) {
	lists := ListColumns(t)
	for _, c := range lists {
		if c.Name == name {
			return c, nil
		}
	}
	if len(lists) == 0 {
		return Column{}, fmt.Errorf("--list %q: this report has no list", name)
	}
	return Column{}, fmt.Errorf("--list %q: want one of %s", name, strings.Join(names(lists), ", "))
}

// tableOrder puts each previousX column right after its x, and each
// previous.x right after its current.x, for a table.
func tableOrder(cols []Column) []Column {
	previous := func(name string) string {
		if x, ok := strings.CutPrefix(name, "current."); ok {
			return "previous." + x
		}
		r, n := utf8.DecodeRuneInString(name)
		return "previous" + string(unicode.ToUpper(r)) + name[n:]
	}
	partner := map[string]bool{}
	for _, c := range cols {
		if slices.ContainsFunc(cols, func(p Column) bool { return p.Name == previous(c.Name) }) {
			partner[previous(c.Name)] = true
		}
	}
	out := make([]Column, 0, len(cols))
	for _, c := range cols {
		if partner[c.Name] {
			continue // placed after its current column
		}
		out = append(out, c)
		if i := slices.IndexFunc(cols, func(p Column) bool { return p.Name == previous(c.Name) }); i >= 0 {
			out = append(out, cols[i])
		}
	}
	return out
}

// rightAligned marks the numeric columns.
func rightAligned(cols []Column) []bool {
	right := make([]bool, len(cols))
	for i, c := range cols {
		right[i] = numeric(c.Type)
	}
	return right
}

// numeric tells a column of numbers (a Stringer shows words: not one).
func numeric(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == figureType {
		return true
	}
	switch t.Kind() {
	case reflect.Float64, reflect.Float32, reflect.Int, reflect.Int64, reflect.Int32:
		return !t.Implements(reflect.TypeFor[fmt.Stringer]())
	}
	return false
}

// Headline are the columns a table shows of an item type's rows, by name:
// an overall report's current figures (its numbers where it has no
// current), other reports' brief columns (all when brief is nil), in the
// table's order.
func Headline(item reflect.Type, brief []string, overall bool) []string {
	all := Columns(item)
	if !overall {
		if brief != nil {
			all = slices.DeleteFunc(all, func(c Column) bool { return !slices.Contains(brief, c.Name) })
		}
		return names(tableOrder(all))
	}
	nums := slices.DeleteFunc(all, func(c Column) bool { return !numeric(c.Type) })
	var current []Column
	for _, c := range nums {
		if strings.HasPrefix(c.Name, "current.") {
			current = append(current, c)
		}
	}
	if len(current) > 0 {
		return names(current)
	}
	return names(nums[:min(len(nums), 8)])
}
