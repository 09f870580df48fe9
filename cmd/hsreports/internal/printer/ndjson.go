package printer

import (
	"bytes"
	"reflect"
	"strings"
	"time"
)

// ndjsonPrinter writes a JSON object a line: a row's value led by its lead
// cells; with --columns, a line's chosen columns, keyed by their dotted
// names.
type ndjsonPrinter struct {
	base
	cols []Column // --columns
}

func (p *ndjsonPrinter) Begin(l Layout) error {
	p.l = l
	if p.o.Columns != nil {
		cols, err := lineColumns(l, p.o.Columns)
		p.set(err)
		p.cols = cols
	}
	return p.err
}

func (p *ndjsonPrinter) Row(r Row) error {
	if p.err != nil {
		return p.err
	}
	if p.cols != nil {
		for _, l := range lines(r) {
			p.chosen(r, l)
		}
		return p.err
	}
	body, err := Marshal(r.Value.Interface(), "")
	p.set(err)
	if len(r.Lead) > 0 {
		lead := p.lead(r.Lead)
		if len(body) > 2 && body[0] == '{' && body[1] != '}' {
			body = append(append(lead, ','), body[1:]...)
		} else { // not an object (the busy times are a list), or an empty one
			body = append(append(append(lead, `,"result":`...), bytes.TrimSpace(body)...), "}\n"...)
		}
	}
	p.write(body)
	return p.err
}

// lead is the opening of a line with the lead cells: `{"period":"current"`,
// `{"bucket":{"start":…,"end":…}`; dotted names nest.
func (p *ndjsonPrinter) lead(values []any) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	open := "" // the object open for the dotted names so far
	for i, v := range values {
		name := p.l.Lead[i]
		group, key, nested := strings.Cut(name, ".")
		if !nested {
			key = name
		}
		switch {
		case nested && group == open:
			b.WriteByte(',')
		default:
			if open != "" {
				b.WriteByte('}')
			}
			if i > 0 {
				b.WriteByte(',')
			}
			open = ""
			if nested {
				b.Write(p.json(group))
				b.WriteString(":{")
				open = group
			}
		}
		b.Write(p.json(key))
		b.WriteByte(':')
		b.Write(p.json(p.inZone(v)))
	}
	if open != "" {
		b.WriteByte('}')
	}
	return b.Bytes()
}

func (p *ndjsonPrinter) inZone(v any) any {
	if t, ok := v.(time.Time); ok {
		return t.In(p.o.Loc)
	}
	return v
}

func (p *ndjsonPrinter) json(v any) []byte {
	b, err := Marshal(v, "")
	p.set(err)
	return bytes.TrimSpace(b)
}

// chosen writes a line of the --columns of l, keyed by their dotted names,
// in their order.
func (p *ndjsonPrinter) chosen(r Row, l Line) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range p.cols {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(p.json(c.Name))
		b.WriteByte(':')
		var v any
		if x := cellValue(c, r, l); x.IsValid() && !(x.Kind() == reflect.Pointer && x.IsNil()) {
			v = p.inZone(x.Interface())
		}
		b.Write(p.json(v))
	}
	b.WriteString("}\n")
	p.write(b.Bytes())
}

func (p *ndjsonPrinter) End(bool) error { return p.Flush() }
