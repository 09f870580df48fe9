// Package catalog is the catalogue of the 32 reports of the API: for each,
// its path (which names its command and its MCP tool), what it tells, its
// params and result types, and one typed endpoint that knows how to get
// it, walk its pages (through the SDK's walk), get it over a series of
// buckets (through the SDK's Series) and give its rows. Every face of
// hsreports (the report commands, --each and --metrics, sync, mcp) reaches
// the API through it.
package catalog

import (
	"context"
	"iter"
	"reflect"
	"strings"

	"github.com/helpscout-go/reports"
)

// Kind is the shape of a report's answer.
type Kind int

const (
	// Overall is one object: current, previous and deltas, and lists
	// beside them. Its one row is the whole answer.
	Overall Kind = iota
	// Series is a time series: its rows are the points, current then
	// previous, led by their period.
	Series
	// List is a list: its rows are the items.
	List
	// Paged is a page of a list: its rows are the page's items; Pages
	// walks every page.
	Paged
)

// Report is one report of the catalogue, its types hidden: what the faces
// work with. Params are the report's params struct as any (P), results its
// result as any (*R).
type Report interface {
	// Info describes the report.
	Info() *Info
	// Get gets the report with params p.
	Get(ctx context.Context, c *reports.Client, p any) (*Result, error)
	// Pages walks the pages of a paged report from p's page on, through the
	// SDK's walk (prefetching, one turn of the pacer); other reports yield
	// their one answer.
	Pages(ctx context.Context, c *reports.Client, p any) iter.Seq2[*Result, error]
	// Series gets the report once per bucket, through reports.Series: each
	// bucket compared with its own previous range where p has a previous
	// range.
	Series(ctx context.Context, c *reports.Client, p any, buckets []reports.Dates) iter.Seq2[Bucket, error]
	// EmptyPage is the answer of a paged report that has no rows from page
	// on: the document a walk that got no page writes.
	EmptyPage(page int) *Result
}

// Info is what a report is.
type Info struct {
	Path   string       // the API path, /v2/reports/...
	About  string       // one line of help
	Rows   string       // what one row of ndjson and csv is
	Kind   Kind         // the shape of its answer
	Params reflect.Type // the params struct: its fields are the flags and arguments
	Result reflect.Type // the result struct (R of *R)
	Item   reflect.Type // the type of a row (R for an overall report)
	Lead   string       // the name of the rows' first column (period), or ""
	Brief  []string     // the columns of an item a table shows; all when nil
}

// Name is the report's words: the path after /v2/reports/.
func (i *Info) Name() []string {
	return strings.Split(strings.TrimPrefix(i.Path, "/v2/reports/"), "/")
}

// Command is the report's command words joined by spaces (conversations
// drilldown).
func (i *Info) Command() string { return strings.Join(i.Name(), " ") }

// Tool is the report's MCP tool name: its words joined by _.
func (i *Info) Tool() string { return strings.Join(i.Name(), "_") }

// Slug is the report's name in --metrics rows and sync's tables: its words
// joined by / (conversations/drilldown).
func (i *Info) Slug() string { return strings.Join(i.Name(), "/") }

// Has tells whether the report's params have a field of that Go name.
func (i *Info) Has(field string) bool {
	_, ok := i.Params.FieldByName(field)
	return ok
}

// Result is one answer of a report.
type Result struct {
	Value any    // the SDK's answer, *R
	Items []Item // its rows
	Page  *Page  // where the page stands, for a paged report
	// Doc is, for a paged report, the answer with its results emptied:
	// the document a walk writes its rows into.
	Doc any
}

// Item is a row of an answer: its value and its lead (period) when the
// report has one.
type Item struct {
	Lead  string
	Value reflect.Value
}

// Page is where a page of a paged report stands.
type Page struct {
	Page, Pages, Count int
}

// Bucket is a report's answer over one bucket of a series.
type Bucket struct {
	Dates reports.Dates
	*Result
}

// All lists every report of the API, in the order of its docs.
func All() []Report { return catalog }

// Find is the report of a path, or of command words (conversations
// drilldown) or a tool name (conversations_drilldown).
func Find(name string) (Report, bool) {
	for _, r := range catalog {
		i := r.Info()
		if name == i.Path || name == i.Command() || name == i.Tool() || name == i.Slug() {
			return r, true
		}
	}
	return nil, false
}

// PageOf is the page params p ask for: their Page, or 1 when they ask for
// none (or take no page).
func PageOf(p any) int {
	if f := reflect.ValueOf(p).FieldByName("Page"); f.IsValid() && f.CanInt() && f.Int() > 0 {
		return int(f.Int())
	}
	return 1
}
