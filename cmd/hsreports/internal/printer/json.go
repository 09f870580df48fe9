package printer

import (
	"bytes"
	"errors"
	"slices"
)

// jsonPrinter writes one JSON document: the layout's document (its results
// written as they come with Stream), or an array of the rows.
type jsonPrinter struct {
	base
	n          int    // rows written into the document or the array
	head, tail []byte // Stream: the document around its results
	indent     string // Stream: the indentation of a result
}

func (p *jsonPrinter) Begin(l Layout) error {
	p.l = l
	if l.Doc != nil && l.Stream {
		p.split()
	}
	return p.err
}

// split writes the document up to its results' opening bracket and keeps
// the rest for End: the document as encoding/json would indent it whole.
func (p *jsonPrinter) split() {
	b, err := Marshal(p.l.Doc, "  ")
	p.set(err)
	i := bytes.LastIndex(b, []byte(`"results": []`))
	if i < 0 {
		p.set(errors.New("hsreports: a streamed document without results"))
		return
	}
	line := b[bytes.LastIndexByte(b[:i], '\n')+1 : i] // the results key's indentation
	p.indent = string(line) + "  "
	open := i + len(`"results": [`)
	p.head, p.tail = b[:open], append([]byte("\n"+string(line)), b[open:]...)
	p.write(p.head)
}

func (p *jsonPrinter) Row(r Row) error {
	if p.err != nil {
		return p.err
	}
	switch {
	case p.l.Doc != nil && !p.l.Stream:
		return nil // the document holds the rows
	case p.l.Doc != nil:
		p.item(r.Value.Interface(), p.indent, "")
	default:
		v := r.JSON
		if v == nil {
			v = r.Value.Interface()
		}
		p.item(v, "  ", "[")
	}
	p.n++
	return p.err
}

// item writes v as the next element of a list, indented by indent; open
// comes before the first.
func (p *jsonPrinter) item(v any, indent, open string) {
	b, err := Marshal(v, "  ")
	p.set(err)
	b = bytes.ReplaceAll(bytes.TrimRight(b, "\n"), []byte("\n"), []byte("\n"+indent))
	sep := ",\n" + indent
	if p.n == 0 {
		sep = open + "\n" + indent
	}
	p.write([]byte(sep))
	p.write(b)
}

func (p *jsonPrinter) End(partial bool) error {
	switch {
	case p.l.Doc != nil && p.l.Stream:
		tail := p.tail
		if p.n == 0 {
			tail = tail[bytes.IndexByte(tail, ']'):] // empty results stay []
		}
		if partial {
			// The document's last "}" closes its root: the mark goes before.
			end := bytes.LastIndexByte(tail, '}')
			head := bytes.TrimRight(tail[:end], " \n")
			tail = append(append(slices.Clip(head), ",\n  \"partial\": true\n"...), tail[end:]...)
		}
		p.write(tail)
	case p.l.Doc != nil:
		b, err := Marshal(p.l.Doc, "  ")
		p.set(err)
		p.write(b)
	case p.n == 0:
		p.write([]byte("[]\n"))
	default:
		p.write([]byte("\n]\n"))
	}
	return p.Flush()
}
