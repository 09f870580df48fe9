package mcp

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/helpscout-go/reports/cmd/hsreports/internal/catalog"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/printer"
)

// headline is the short text of an answer, drawn by the table printer: the
// headline figures of an overall report (current, previous, change), the
// points of a series, the first rows of a list (items: every row of the
// answer, the pages walked included).
func headline(r catalog.Report, first *catalog.Result, items []catalog.Item, loc *time.Location) string {
	info := r.Info()
	var buf bytes.Buffer
	p, err := printer.New(&buf, printer.Options{Format: cmdutil.FormatTable, Loc: loc})
	if err != nil {
		return "(no text: " + err.Error() + ")"
	}
	var l printer.Layout
	var rows []printer.Row
	more := 0
	switch info.Kind {
	case catalog.Overall:
		l = printer.Layout{Kind: printer.Overall, Item: info.Item}
		rows = []printer.Row{{Value: first.Items[0].Value}}
	case catalog.Series:
		l = printer.Layout{Kind: printer.Series, Item: info.Item, Lead: []string{info.Lead}}
		for _, it := range items {
			rows = append(rows, printer.Row{Lead: []any{it.Lead}, Value: it.Value})
		}
	default:
		l = printer.Layout{Item: info.Item, Brief: info.Brief}
		for _, it := range items[:min(len(items), textRows)] {
			rows = append(rows, printer.Row{Value: it.Value})
		}
		more = len(items) - len(rows)
	}
	err = p.Begin(l)
	for _, row := range rows {
		if err == nil {
			err = p.Row(row)
		}
	}
	if err == nil {
		err = p.End(false)
	}
	if err != nil {
		return "(no text: " + err.Error() + ")"
	}
	if info.Kind == catalog.Overall { // the figures, before the lists and objects beside them
		if i := bytes.Index(buf.Bytes(), []byte("\n\n")); i >= 0 {
			buf.Truncate(i + 1)
		}
	}
	if more > 0 {
		fmt.Fprintf(&buf, "… and %d more rows in the JSON.\n", more)
	}
	return strings.TrimRight(buf.String(), "\n")
}
