package printer

import "encoding/csv"

// csvPrinter writes a header, then a row a line, nested objects as dotted
// columns.
type csvPrinter struct {
	base
	csv  *csv.Writer
	cols []Column
}

func (p *csvPrinter) Begin(l Layout) error {
	p.l = l
	p.csv = csv.NewWriter(p.out)
	cols, err := lineColumns(l, p.o.Columns)
	p.set(err)
	p.cols = cols
	if !p.o.NoHeader && p.err == nil {
		p.set(p.csv.Write(names(cols)))
	}
	return p.err
}

func (p *csvPrinter) Row(r Row) error {
	for _, l := range lines(r) {
		if p.err != nil {
			break
		}
		cells := make([]string, len(p.cols))
		for i, c := range p.cols {
			cells[i] = csvCell(c, cellValue(c, r, l), p.o.CSVRaw, p.o.Loc)
		}
		p.set(p.csv.Write(cells))
	}
	return p.err
}

func (p *csvPrinter) Flush() error {
	if p.csv != nil {
		p.csv.Flush()
		p.set(p.csv.Error())
	}
	return p.base.Flush()
}

func (p *csvPrinter) End(bool) error { return p.Flush() }
