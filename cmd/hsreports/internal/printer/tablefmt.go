package printer

// The aligned table every table is printed with: cells in columns, two
// spaces apart, escaped.

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
)

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
		cells[i] = cmdutil.EscapeText(c)
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
