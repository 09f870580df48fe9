package printer

import (
	"reflect"
	"slices"
)

// tablePrinter writes for people: an overall report as its figures then
// its lists, a series current beside previous, other rows as aligned
// columns (with Flush, a batch at a time: the widths are the first
// batch's).
type tablePrinter struct {
	base
	cols      []Column
	tbl       *table
	doc       reflect.Value   // Overall: the report
	cur, prev []reflect.Value // Series: the points
	n         int             // lines
}

// shaped tells whether the table shows the layout its own way (an overall
// report, a series), not as lines; --columns asks for lines.
func (p *tablePrinter) shaped() bool { return p.l.Kind != Lines && p.o.Columns == nil }

func (p *tablePrinter) Begin(l Layout) error {
	p.l = l
	if p.shaped() {
		return nil
	}
	cols, err := lineColumns(l, p.o.Columns)
	p.set(err)
	if p.o.Columns == nil {
		var lead, items []Column
		for _, c := range cols {
			switch {
			case c.lead > 0:
				lead = append(lead, c)
			case l.Brief == nil || slices.Contains(l.Brief, c.Name):
				items = append(items, c)
			}
		}
		cols = withNames(append(lead, tableOrder(items)...), p.o.Names)
	}
	p.cols = cols
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = Humanize(c.Name)
	}
	p.tbl = newTable(header)
	p.tbl.right = rightAligned(cols)
	p.tbl.keepEmpty = p.o.Columns != nil || l.Stream // a column empty on the first page may fill later
	return p.err
}

func (p *tablePrinter) Row(r Row) error {
	if p.err != nil {
		return p.err
	}
	switch {
	case p.shaped() && p.l.Kind == Overall:
		p.doc = r.Value
	case p.shaped():
		for _, l := range lines(r) {
			if s, _ := leadValue(r, l, 0).(string); s == "previous" {
				p.prev = append(p.prev, l.Value)
			} else {
				p.cur = append(p.cur, l.Value)
			}
		}
	default:
		for _, l := range lines(r) {
			cells := make([]string, len(p.cols))
			for i, c := range p.cols {
				cells[i] = text(c, cellValue(c, r, l), true, p.o.Loc, p.o.Seconds)
			}
			p.tbl.add(cells...)
			p.n++
		}
	}
	return p.err
}

func (p *tablePrinter) Flush() error {
	if p.tbl != nil && len(p.tbl.rows) > 0 {
		p.set(p.tbl.printRows(p.out))
	}
	return p.base.Flush()
}

func (p *tablePrinter) End(bool) error {
	w := &people{w: p.out, loc: p.o.Loc, names: p.o.Names, sec: p.o.Seconds}
	switch {
	case p.shaped() && p.l.Kind == Overall:
		if p.doc.IsValid() {
			p.set(w.overall(p.doc))
		}
	case p.shaped():
		p.set(w.series(p.l.Item, p.cur, p.prev))
	case p.n == 0 && !p.tbl.printed:
		p.write([]byte("(no rows)\n"))
	default:
		p.set(p.tbl.printRows(p.out))
	}
	return p.Flush()
}
