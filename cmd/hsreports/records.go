package main

// The record writer: a report's rows (items, points, or the one row of an
// overall report) as they come, in every format: json as the answer's
// document (with --all, its results written as they come), ndjson as a line
// per row, csv as a row per row, table as aligned rows (with --all, a page
// at a time).

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// overall writes a report answered with one object; with --list, the
// elements of one of its lists, a row each.
func (o *output) overall(r any) error {
	v := reflect.ValueOf(r).Elem()
	if o.list != "" {
		c, err := listColumn(v.Type(), o.list)
		if err != nil {
			return err
		}
		list := c.value(v)
		for list.IsValid() && list.Kind() == reflect.Pointer {
			list = list.Elem()
		}
		if !list.IsValid() || list.IsNil() {
			list = reflect.MakeSlice(c.typ, 0, 0)
		}
		w := o.records(list.Interface(), c.typ.Elem(), "")
		for i := range list.Len() {
			w.write(list.Index(i), "")
		}
		return w.close()
	}
	switch {
	case o.format == formatTable && o.columns == nil:
		return o.overallTable(v)
	case o.format == formatJSON:
		return o.emit(r, "  ")
	case o.format == formatNDJSON && o.columns == nil:
		return o.emit(r, "")
	}
	w := o.records(r, v.Type(), "")
	w.write(v, "")
	return w.close()
}

// listColumns are the lists of objects of an overall report's type t, by
// dotted name: what --list takes.
func listColumns(t reflect.Type) []column {
	return slices.DeleteFunc(columns(t, "", nil), func(c column) bool {
		return c.typ.Kind() != reflect.Slice || reflect.Indirect(reflect.New(c.typ.Elem())).Kind() != reflect.Struct
	})
}

// listColumn is the list --list names in type t.
func listColumn(t reflect.Type, name string) (column, error) {
	lists := listColumns(t)
	var names []string
	for _, c := range lists {
		if c.name == name {
			return c, nil
		}
		names = append(names, c.name)
	}
	if len(names) == 0 {
		return column{}, usageErrorf("--list %q: this report has no list", name)
	}
	return column{}, usageErrorf("--list %q: want one of %s", name, strings.Join(names, ", "))
}

// rowColumns are the columns of the rows of item type t (lead first, when
// there is one), chosen and ordered by --columns when given.
func rowColumns(t reflect.Type, lead string, chosen []string) ([]column, error) {
	all := columns(t, "", nil)
	if lead != "" {
		all = append([]column{{name: lead, lead: true}}, all...)
	}
	if chosen == nil {
		return all, nil
	}
	var out []column
	for _, name := range chosen {
		i := slices.IndexFunc(all, func(c column) bool { return c.name == name })
		if i < 0 {
			names := make([]string, len(all))
			for j, c := range all {
				names[j] = c.name
			}
			return nil, usageErrorf("--columns: no column %q; the columns: %s", name, strings.Join(names, ","))
		}
		out = append(out, all[i])
	}
	return out, nil
}

// emit writes one JSON document to stdout.
func (o *output) emit(v any, indent string) error {
	b, err := marshal(v, indent)
	if err != nil {
		return err
	}
	_, err = o.s.out.Write(b)
	return err
}

// series writes a time series: its points, current then previous; a table
// shows them side by side (unless --columns chooses columns: then a row a
// point, as csv).
func (o *output) series(r, current, previous any) error {
	cur, prev := reflect.ValueOf(current), reflect.ValueOf(previous)
	if o.format == formatTable && o.columns == nil {
		cols := columns(cur.Type().Elem(), "", nil)
		var header []string
		for _, c := range cols {
			header = append(header, humanize(c.name))
		}
		if prev.Len() > 0 {
			for _, c := range cols {
				header = append(header, "previous "+humanize(c.name))
			}
		}
		t := newTable(header)
		t.right = append(rightAligned(cols), rightAligned(cols)...)
		for i := range max(cur.Len(), prev.Len()) {
			var row []string
			for _, v := range []reflect.Value{cur, prev} {
				if v.Len() == 0 {
					continue
				}
				for _, c := range cols {
					if i < v.Len() {
						row = append(row, o.text(c.name, c.value(v.Index(i)), true))
					} else {
						row = append(row, "")
					}
				}
			}
			t.add(row...)
		}
		return t.print(o.s.out)
	}
	w := o.records(r, cur.Type().Elem(), "period")
	for i := range cur.Len() {
		w.write(cur.Index(i), "current")
	}
	for i := range prev.Len() {
		w.write(prev.Index(i), "previous")
	}
	return w.close()
}

// recordWriter writes items (rows) as they come: json as the document doc
// with every item in its results, ndjson as a line per item, csv as a row
// per item, table as aligned rows (at the end, or a page at a time with
// --all).
type recordWriter struct {
	o    *output
	doc  any    // json: the answer; with --all, its results are written as they come
	lead string // the name of a first column (period), or ""
	cols []column
	out  *bufio.Writer
	csv  *csv.Writer
	tbl  *table // table: the rows not printed yet
	// stream is set for --all: json then writes one document holding every
	// page's items as they come, the document split around its results, and
	// a table prints each page as it comes.
	stream     bool
	walk       *progress // the progress line of --all, nil when off
	head, tail []byte
	indent     string
	n          int // rows written
	total      int // rows the walk should write (--all)
	err        error
}

// records starts writing the rows of item type t. The columns were checked
// before any request (see checkColumns), so an error here is a bug.
func (o *output) records(doc any, item reflect.Type, lead string) *recordWriter {
	w := &recordWriter{o: o, doc: doc, lead: lead, out: bufio.NewWriterSize(o.s.out, 64<<10)}
	cols, err := rowColumns(item, lead, o.columns)
	w.cols = cols
	w.set(err)
	switch o.format {
	case formatCSV:
		w.csv = csv.NewWriter(w.out)
		if !o.noHeader {
			header := make([]string, len(w.cols))
			for i, c := range w.cols {
				header[i] = c.name
			}
			w.set(w.csv.Write(header))
		}
	case formatTable:
		if o.columns == nil {
			if o.brief != nil {
				w.cols = slices.DeleteFunc(w.cols, func(c column) bool { return !c.lead && !slices.Contains(o.brief, c.name) })
			}
			w.cols = tableOrder(w.cols)
		}
		var header []string
		for _, c := range w.cols {
			header = append(header, humanize(c.name))
		}
		w.tbl = newTable(header)
		w.tbl.right = rightAligned(w.cols)
		w.tbl.keepEmpty = o.columns != nil
	}
	return w
}

// write adds an item; lead is the value of the lead column.
func (w *recordWriter) write(item reflect.Value, lead string) {
	if w.err != nil {
		return
	}
	switch w.o.format {
	case formatJSON:
		if !w.stream {
			return // the whole answer is written at close
		}
		w.jsonItem(item.Interface())
	case formatNDJSON:
		var b []byte
		var err error
		if w.o.columns != nil {
			b, err = w.chosenObject(item, lead)
		} else {
			b, err = marshal(item.Interface(), "")
			if lead != "" && err == nil && len(b) > 2 && b[0] == '{' {
				b = append([]byte(`{"`+w.lead+`":"`+lead+`",`), b[1:]...)
			}
		}
		w.set(err)
		_, err = w.out.Write(b)
		w.set(err)
	case formatCSV:
		row := make([]string, len(w.cols))
		for i, c := range w.cols {
			if c.lead {
				row[i] = lead
				continue
			}
			row[i] = w.o.csvCell(c, c.value(item))
		}
		w.set(w.csv.Write(row))
	case formatTable:
		row := make([]string, len(w.cols))
		for i, c := range w.cols {
			if c.lead {
				row[i] = lead
				continue
			}
			row[i] = w.o.text(c.name, c.value(item), true)
		}
		w.tbl.add(row...)
	}
	w.n++
}

// chosenObject is an ndjson line of the --columns of item, keyed by their
// dotted names, in their order.
func (w *recordWriter) chosenObject(item reflect.Value, lead string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range w.cols {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := marshal(c.name, "")
		b.Write(bytes.TrimSpace(k))
		b.WriteByte(':')
		var v any
		switch x := c.value(item); {
		case c.lead:
			v = lead
		case x.IsValid() && !(x.Kind() == reflect.Pointer && x.IsNil()):
			v = x.Interface()
		}
		val, err := marshal(v, "")
		if err != nil {
			return nil, err
		}
		b.Write(bytes.TrimSpace(val))
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

// csvCell is a csv cell: exact, and (unless --csv-raw) a text starting with
// = + - @, a tab or a carriage return gets a leading ' so that a
// spreadsheet shows it instead of running it as a formula (OWASP's rule
// against CSV injection). Numbers, times and lists are never changed.
func (o *output) csvCell(c column, v reflect.Value) string {
	s := o.text(c.name, v, false)
	if o.csvRaw || s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if v = reflect.Indirect(v); v.IsValid() && v.Kind() == reflect.String {
		return "'" + s
	}
	return s
}

func (w *recordWriter) set(err error) {
	if w.err == nil {
		w.err = err
	}
}

// jsonItem writes an item into the streamed document, splitting the
// document at its empty results the first time.
func (w *recordWriter) jsonItem(item any) {
	if w.head == nil {
		w.splitDoc()
	}
	b, err := marshal(item, "  ")
	w.set(err)
	b = bytes.TrimRight(b, "\n")
	b = bytes.ReplaceAll(b, []byte("\n"), []byte("\n"+w.indent))
	sep := ",\n"
	if w.n == 0 {
		sep = "\n"
	}
	_, err = w.out.WriteString(sep + w.indent)
	w.set(err)
	_, err = w.out.Write(b)
	w.set(err)
}

// splitDoc writes the document up to its results' opening bracket and keeps
// the rest for close: the document as encoding/json would indent it whole.
func (w *recordWriter) splitDoc() {
	b, err := marshal(w.doc, "  ")
	w.set(err)
	i := bytes.LastIndex(b, []byte(`"results": []`))
	if i < 0 {
		w.set(fmt.Errorf("hsreports: no results in %T", w.doc))
		return
	}
	line := b[bytes.LastIndexByte(b[:i], '\n')+1 : i] // the results key's indentation
	w.indent = string(line) + "  "
	open := i + len(`"results": [`)
	w.head, w.tail = b[:open], append([]byte("\n"+string(line)), b[open:]...)
	_, err = w.out.Write(w.head)
	w.set(err)
}

// endPage writes what a page gave (a table prints it), flushes it, so that
// an interrupted walk leaves whole lines, and moves the progress line on.
// When stdout is a terminal too, the progress line is cleared before the
// data, so the two never share a line.
func (w *recordWriter) endPage() error {
	if w.o.format == formatJSON && w.head == nil {
		w.splitDoc()
	}
	if w.tbl != nil {
		w.set(w.tbl.printRows(w.out))
	}
	if w.o.s.outTTY {
		w.walk.clear()
	}
	w.flush()
	w.walk.page(w.n)
	return w.err
}

func (w *recordWriter) flush() {
	if w.csv != nil {
		w.csv.Flush()
		w.set(w.csv.Error())
	}
	w.set(w.out.Flush())
}

// close finishes the output: the json document, the table.
func (w *recordWriter) close() error {
	return w.finish(false)
}

// finish ends the output; partial marks a walk that failed or was
// interrupted: the json document gets "partial": true, and stderr says how
// many rows were written.
func (w *recordWriter) finish(partial bool) error {
	w.walk.clear()
	switch {
	case w.o.format == formatJSON && w.head != nil:
		tail := w.tail
		if w.n == 0 {
			tail = tail[bytes.IndexByte(tail, ']'):] // empty results stay []
		}
		if partial {
			// The document's last "}" closes its root: the mark goes before.
			end := bytes.LastIndexByte(tail, '}')
			head := bytes.TrimRight(tail[:end], " \n")
			tail = append(append(slices.Clip(head), ",\n  \"partial\": true\n"...), tail[end:]...)
		}
		_, err := w.out.Write(tail)
		w.set(err)
	case w.o.format == formatJSON:
		b, err := marshal(w.doc, "  ")
		w.set(err)
		_, err = w.out.Write(b)
		w.set(err)
	case w.o.format == formatTable:
		w.set(w.tbl.printRows(w.out))
	}
	w.flush()
	if partial {
		w.o.notice("partial output: %d of %d rows written", w.n, w.total)
	}
	return w.err
}

// abort finishes what an interrupted or failed walk wrote, marked partial.
func (w *recordWriter) abort() { _ = w.finish(true) }

// pageNote says on stderr, in every format, that a paged report gave one
// page of several.
func (o *output) pageNote(page, pages, count, rows int) {
	switch {
	case page > pages:
		o.notice("page %d is past the last page, %d (%d rows in all)", page, pages, count)
	case page == pages && pages > 1:
		o.notice("page %d of %d (the last), %d of %d rows", page, pages, rows, count)
	case pages > 1:
		o.notice("page %d of %d, %d of %d rows: --page %d for the next, --all for every page", page, pages, rows, count, page+1)
	}
}

// checkColumns refuses, before any request, --columns, --list and
// --no-header where they do not apply or name what the report does not
// have. item is the type of the report's rows; lead names a first column
// (period) or is empty; overall tells an overall report (its rows are
// items of --list when given).
func (o *output) checkColumns(item reflect.Type, lead string, overall bool) error {
	if o.list != "" {
		if !overall {
			return usageErrorf("--list: only for an overall report (company, conversations, docs, productivity...)")
		}
		c, err := listColumn(item, o.list)
		if err != nil {
			return err
		}
		item, lead = c.typ.Elem(), ""
	}
	if o.noHeader && o.format != formatCSV {
		return usageErrorf("--no-header: only with --format csv")
	}
	if o.columns == nil {
		return nil
	}
	if o.format == formatJSON {
		return usageErrorf("--columns: for csv, table and ndjson (json is the API's whole shape)")
	}
	if len(o.columns) == 0 {
		return usageErrorf("--columns: name at least one column")
	}
	_, err := rowColumns(item, lead, o.columns)
	return err
}

// tableOrder puts each previousX column right after its x, and each
// previous.x right after its current.x, for a table.
func tableOrder(cols []column) []column {
	previous := func(name string) string {
		if x, ok := strings.CutPrefix(name, "current."); ok {
			return "previous." + x
		}
		r, n := utf8.DecodeRuneInString(name)
		return "previous" + string(unicode.ToUpper(r)) + name[n:]
	}
	partner := map[string]bool{}
	for _, c := range cols {
		if slices.ContainsFunc(cols, func(p column) bool { return p.name == previous(c.name) }) {
			partner[previous(c.name)] = true
		}
	}
	out := make([]column, 0, len(cols))
	for _, c := range cols {
		if partner[c.name] {
			continue // placed after its current column
		}
		out = append(out, c)
		if i := slices.IndexFunc(cols, func(p column) bool { return p.name == previous(c.name) }); i >= 0 {
			out = append(out, cols[i])
		}
	}
	return out
}

// rightAligned marks the numeric columns.
func rightAligned(cols []column) []bool {
	right := make([]bool, len(cols))
	for i, c := range cols {
		t := c.typ
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Float64, reflect.Float32, reflect.Int, reflect.Int64, reflect.Int32:
			right[i] = !t.Implements(reflect.TypeFor[fmt.Stringer]()) // a Stringer shows words
		}
	}
	return right
}
